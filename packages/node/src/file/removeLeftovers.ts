import { readdir, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { processAlive } from './processAlive.ts';

const LEFTOVER = /\.(?:tmp|stale)-(\d+)-[0-9a-f]+$/;

/**
 * Deletes temporary files that processes killed mid-write left beside `path` (`<name>.tmp-<pid>-<hex>`, and the lock's
 * own temporaries). Only files of dead processes go; `.corrupt-` evidence is never touched. Best effort.
 */
export async function removeLeftovers(path: string): Promise<void> {
  const directory = dirname(path);
  const prefix = `${basename(path)}.`;
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
      if (match === null || processAlive(Number(match[1]))) return;
      await unlink(join(directory, name)).catch(() => undefined);
    }),
  );
}
