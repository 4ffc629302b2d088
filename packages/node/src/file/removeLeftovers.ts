import { lstat, readdir, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ownerIdentity } from './ownerIdentity.ts';
import { processAlive } from './processAlive.ts';

/** `<name>.tmp-<pid>-<identity tag>-<hex>` (see `temporaryName`), and the older `<name>.tmp-<pid>-<hex>`. */
const LEFTOVER = /\.(?:tmp|stale)-(\d+)-(?:([0-9a-f]{8})-)?[0-9a-f]+$/;

/**
 * Deletes temporary files that processes killed mid-write left beside `path` (`<name>.tmp-…`, and the lock's own
 * temporaries). A file goes at once only when its writer's pid is dead **in this process's PID namespace** (its name
 * carries the writer's identity tag); a file of another container sharing the volume, or of an older version without
 * a tag, goes only once it is older than `staleMs` — a live writer never keeps a temporary file that long, and a pid
 * that is absent here may be alive there. `.corrupt-` evidence is never touched. Best effort.
 */
export async function removeLeftovers(path: string, staleMs: number): Promise<void> {
  const directory = dirname(path);
  const prefix = `${basename(path)}.`;
  const { tag } = ownerIdentity();
  let names: string[];
  try {
    names = await readdir(directory);
  } catch {
    return;
  }
  await Promise.all(
    names.map(async (name) => {
      if (!name.startsWith(prefix)) return;
      const match = LEFTOVER.exec(name);
      if (match === null) return;
      const file = join(directory, name);
      const ours = match[2] === tag;
      if (ours && processAlive(Number(match[1]))) return;
      if (!ours) {
        const modifiedAt = await lstat(file).then(
          (stats) => stats.mtimeMs,
          () => null,
        );
        if (modifiedAt === null || Date.now() - modifiedAt < staleMs) return;
      }
      await unlink(file).catch(() => undefined);
    }),
  );
}
