import { fileStore } from '@dcrflow/node/file';
import { type CachedRecord, decodeCachedRecord } from './decodeCachedRecord.ts';

/**
 * Reads the credentials file without any request: what `status` shows and what `reset` is about to delete.
 * Goes through `fileStore` so the file format, locking and corrupt-file handling are the ones `token` uses.
 *
 * @example
 * ```ts
 * const record = await readCachedRecord('/home/ada/.config/dcrflow/credentials/x.json');
 * record.kind; // 'empty' when there is no file
 * ```
 */
export async function readCachedRecord(path: string): Promise<CachedRecord> {
  const entry = await fileStore({ path }).get();
  return decodeCachedRecord(entry === null ? null : entry.value);
}
