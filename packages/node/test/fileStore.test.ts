import { spawnSync } from 'node:child_process';
import { chmod, mkdir, readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '@dcrflow/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileStoreError, fileStore } from '../src/index.ts';
import { exited, spawnFixture, waitForLine } from './support/children.ts';
import { tempDir } from './support/tempDir.ts';

let dir: { path: string; remove(): Promise<void> };
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await dir.remove();
});

/** A pid that belonged to a process which has exited. */
function deadPid(): number {
  const result = spawnSync(process.execPath, ['-e', '0']);
  return result.pid ?? 999_999;
}

describe('fileStore on disk', () => {
  it('writes the envelope { value, version } with mode 0600 in a new 0700 directory', async () => {
    const path = join(dir.path, 'a', 'b', 'credentials.json');
    const store = fileStore({ path });
    const result = await store.set('secret-value', { expectedVersion: null });
    expect(result).toEqual({ ok: true, version: 1 });
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ value: 'secret-value', version: 1 });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir.path, 'a'))).mode & 0o777).toBe(0o700);
    expect((await stat(join(dir.path, 'a', 'b'))).mode & 0o777).toBe(0o700);
    // Nothing but the file and its (released) lock's absence: no temporary files are left behind.
    expect(await readdir(join(dir.path, 'a', 'b'))).toEqual(['credentials.json']);
  });

  it('honours a custom mode but refuses one the owner cannot read and write', async () => {
    const path = join(dir.path, 'credentials.json');
    await fileStore({ path, mode: 0o640 }).set('v', { expectedVersion: null });
    expect((await stat(path)).mode & 0o777).toBe(0o640);
    expect(() => fileStore({ path, mode: 0o400 })).toThrow(ConfigurationError);
    expect(() => fileStore({ path: '' })).toThrow('fileStore option `path` must be a non-empty file path.');
  });

  it('leaves a tombstone on delete so versions keep increasing', async () => {
    const path = join(dir.path, 'credentials.json');
    const store = fileStore({ path });
    await store.set('one', { expectedVersion: null });
    await store.set('two', { expectedVersion: 1 });
    await store.delete();
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ value: null, version: 3 });
    expect(await store.get()).toBeNull();
    // A writer still holding version 2 (read before the delete) must lose.
    expect(await store.set('stale', { expectedVersion: 2 })).toEqual({ ok: false, current: null });
    expect(await store.set('fresh', { expectedVersion: null })).toEqual({ ok: true, version: 4 });
  });

  it('keeps a corrupt file as evidence and reports an entry core cannot decode', async () => {
    const path = join(dir.path, 'credentials.json');
    await writeFile(path, '{"value":"half a wri', { mode: 0o600 });
    const before = Date.now();
    const entry = await fileStore({ path }).get();
    expect(entry?.value).toBe('{"value":"half a wri');
    expect(entry?.version).toBeGreaterThanOrEqual(before);
    const names = await readdir(dir.path);
    const evidence = names.filter((name) => name.startsWith('credentials.json.corrupt-'));
    expect(evidence).toHaveLength(1);
    expect(await readFile(join(dir.path, evidence[0]!), 'utf8')).toBe('{"value":"half a wri');
    // The quarantined entry is stable: a second reader sees the same version, and CAS against it works.
    const again = await fileStore({ path }).get();
    expect(again).toEqual(entry);
    expect((await fileStore({ path }).set('new', { expectedVersion: entry!.version })).ok).toBe(true);
  });

  it('treats an envelope of the wrong shape as corrupt too', async () => {
    const path = join(dir.path, 'credentials.json');
    await writeFile(path, JSON.stringify({ value: 42, version: 'x' }));
    const entry = await fileStore({ path }).get();
    expect(entry?.value).toBe('{"value":42,"version":"x"}');
    expect((await readdir(dir.path)).some((name) => name.includes('.corrupt-'))).toBe(true);
  });

  it('explains path problems with a ConfigurationError', async () => {
    const blocker = join(dir.path, 'not-a-directory');
    await writeFile(blocker, 'x');
    const underFile = fileStore({ path: join(blocker, 'credentials.json') });
    const notDir = await underFile.set('v', { expectedVersion: null }).catch((error: unknown) => error);
    expect(ConfigurationError.is(notDir)).toBe(true);
    expect((notDir as Error).message).toMatch(
      /^fileStore could not create the directory of .*not-a-directory\/credentials\.json: /,
    );
    expect((notDir as Error).message).toContain('a component of the path is a file, not a directory');

    const isDir = join(dir.path, 'a-directory');
    await mkdir(isDir);
    const error = await fileStore({ path: isDir })
      .set('v', { expectedVersion: null })
      .catch((caught: unknown) => caught);
    expect(ConfigurationError.is(error)).toBe(true);
    expect((error as Error).message).toContain('(EISDIR). Pass the path of a file');
  });

  it('explains permission problems with a ConfigurationError naming the directory', async () => {
    const locked = join(dir.path, 'locked');
    await mkdir(locked, { mode: 0o700 });
    const path = join(locked, 'credentials.json');
    let child: ReturnType<typeof spawnFixture>;
    if (process.getuid?.() === 0) {
      // root ignores permissions: probe as the unprivileged user `nobody`.
      await chmod(dir.path, 0o755);
      child = spawnFixture('filePermissionProbe.ts', [path], { uid: 65534, gid: 65534 });
    } else {
      await chmod(locked, 0o500);
      child = spawnFixture('filePermissionProbe.ts', [path]);
    }
    const line = await waitForLine(child, (text) => text.startsWith('{'));
    await exited(child);
    await chmod(locked, 0o700);
    const result = JSON.parse(line) as { ok: boolean; name: string; message: string; code: string };
    expect(result.ok).toBe(false);
    expect(result.name).toBe('ConfigurationError');
    expect(result.code).toBe('configuration');
    expect(result.message).toContain('permission denied (EACCES)');
    expect(result.message).toContain(`Give the process user read and write access to ${locked}`);
  });

  it('takes over a lock left by a dead process at once', async () => {
    const path = join(dir.path, 'credentials.json');
    await writeFile(`${path}.lock`, JSON.stringify({ pid: deadPid(), host: hostname(), nonce: 'dead' }));
    // "At once" against a lock that would only turn stale after a minute and a 2-minute lock timeout: waiting for
    // either instead of seeing the dead pid would blow the 10 s bound, which leaves room for a loaded machine.
    const started = Date.now();
    const store = fileStore({ path, staleLockMs: 60_000, lockTimeoutMs: 120_000 });
    expect((await store.set('v', { expectedVersion: null })).ok).toBe(true);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await readdir(dir.path)).toEqual(['credentials.json']);
  });

  it('waits for a live holder, then fails with a readable FileStoreError', async () => {
    const path = join(dir.path, 'credentials.json');
    await writeFile(`${path}.lock`, JSON.stringify({ pid: process.pid, host: hostname(), nonce: 'live' }));
    const started = Date.now();
    const error = await fileStore({ path, lockTimeoutMs: 300 })
      .set('v', { expectedVersion: null })
      .catch((caught: unknown) => caught);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(FileStoreError.is(error)).toBe(true);
    expect((error as FileStoreError).reason).toBe('lock_timeout');
    expect((error as Error).message).toMatch(/^fileStore waited \d+ ms for the lock file .*credentials\.json\.lock/);
  });

  it('takes over a lock older than staleLockMs even when its pid looks alive (pid reuse)', async () => {
    const path = join(dir.path, 'credentials.json');
    const lock = `${path}.lock`;
    await writeFile(lock, JSON.stringify({ pid: process.pid, host: hostname(), nonce: 'old' }));
    const past = new Date(Date.now() - 60_000);
    await utimes(lock, past, past);
    expect((await fileStore({ path, staleLockMs: 5_000 }).set('v', { expectedVersion: null })).ok).toBe(true);
  });

  it('lets exactly one process win each version: 4 processes × 40 read-increment-write cycles lose no update', async () => {
    const path = join(dir.path, 'counter.json');
    const children = Array.from({ length: 4 }, () => spawnFixture('fileCounter.ts', [path, '40']));
    const outputs = await Promise.all(
      children.map((child) => waitForLine(child, (line) => line.startsWith('{'), 25_000)),
    );
    const wins = outputs.reduce((sum, line) => sum + (JSON.parse(line) as { wins: number }).wins, 0);
    const entry = await fileStore({ path }).get();
    // Every won write incremented the counter exactly once: a double win would leave the counter below `wins`.
    expect(Number(entry?.value)).toBe(wins);
    expect(entry?.version).toBe(wins);
    expect(wins).toBeGreaterThanOrEqual(40);
    console.log(`fileStore: 4 processes × 40 compare-and-set cycles → ${wins} wins, counter=${entry?.value}`);
  });
});
