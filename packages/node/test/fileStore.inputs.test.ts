// Issue 13, item 4: store inputs that turned valid credentials into "corrupt" ones or wrote an unreadable version.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigurationError } from '@dcrflow/protocol';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { fileStore } from '../src/index.ts';
import { tempDir } from './support/tempDir.ts';

let dir: { path: string; remove(): Promise<void> };
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await dir.remove();
});

it('reads a file saved with a UTF-8 byte order mark as the entry it holds, not as corruption', async () => {
  const path = join(dir.path, 'credentials.json');
  await writeFile(path, `\uFEFF${JSON.stringify({ value: 'credentials', version: 4 })}`);
  const store = fileStore({ path });
  expect(await store.get()).toEqual({ value: 'credentials', version: 4 });
  expect(await store.set('next', { expectedVersion: 4 })).toEqual({ ok: true, version: 5 });
  expect((await readdir(dir.path)).filter((name) => name.includes('.corrupt-'))).toEqual([]);
});

it('refuses with a ConfigurationError to write past version 2^53 − 1 instead of writing an unreadable 2^53', async () => {
  const path = join(dir.path, 'credentials.json');
  const last = Number.MAX_SAFE_INTEGER;
  await writeFile(path, JSON.stringify({ value: 'credentials', version: last }));
  const store = fileStore({ path });
  const error = await store.set('next', { expectedVersion: last }).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ConfigurationError);
  expect((error as Error).message).toContain(String(last));
  // The file is untouched and still readable.
  expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ value: 'credentials', version: last });
  expect(await store.get()).toEqual({ value: 'credentials', version: last });
});
