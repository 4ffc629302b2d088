import { open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { temporaryName } from './fileLock.ts';

/**
 * Makes a completed rename durable: on POSIX the new directory entry survives a power loss only once the directory
 * itself is fsynced. Platforms that cannot open a directory (Windows) skip this step.
 */
async function syncDirectory(directory: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(directory, 'r');
    await handle.sync();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL') throw error;
  } finally {
    await handle?.close();
  }
}

/**
 * Replaces `path` with `data` so that every reader, and the file after a crash or power loss, sees either the whole
 * old or the whole new content: write a temporary file in the same directory (same file system, so `rename` is
 * atomic), fsync it, rename it over the target, fsync the directory. `beforeRename` runs last before the rename, the
 * only irreversible step: a caller holding a lock re-checks there that it still holds it (a throw aborts the write).
 */
export async function writeFileAtomic(
  path: string,
  data: string,
  mode: number,
  beforeRename?: () => Promise<void>,
): Promise<void> {
  const temp = temporaryName(path);
  const handle = await open(temp, 'wx', mode);
  try {
    try {
      // The umask may have removed bits; the credential file gets exactly the mode asked for.
      await handle.chmod(mode);
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await beforeRename?.();
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dirname(path));
}
