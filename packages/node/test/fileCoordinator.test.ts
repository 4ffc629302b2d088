import { stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileCoordinator, LockTimeoutError } from '../src/index.ts';
import { tempDir } from './support/tempDir.ts';

let dir: { path: string; remove(): Promise<void> };
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await dir.remove();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('fileCoordinator', () => {
  it('keeps a long hold fresh, so no waiter takes it over as stale', async () => {
    const path = join(dir.path, 'state', 'credentials.json');
    const lock = `${path}.dcrflow_lifecycle.lock`;
    let age = Number.POSITIVE_INFINITY;
    await fileCoordinator({ path, staleLockMs: 300 }).withLock('dcrflow:lifecycle', async () => {
      await sleep(900);
      age = Date.now() - (await stat(lock)).mtimeMs;
    });
    // Held three times longer than staleLockMs, yet touched within the last third of it.
    expect(age).toBeLessThan(300);
    await expect(stat(lock)).rejects.toThrow('ENOENT');
  });

  it('waits for a live holder in another process, then fails with a LockTimeoutError', async () => {
    const path = join(dir.path, 'credentials.json');
    // The lock file of a live process (this one) that is not ours: nobody may break it.
    await writeFile(
      `${path}.dcrflow_lifecycle.lock`,
      JSON.stringify({ pid: process.pid, host: hostname(), nonce: 'x' }),
    );
    const coordinator = fileCoordinator({ path, acquireTimeoutMs: 300 });
    let ran = false;
    const error = await coordinator
      .withLock('dcrflow:lifecycle', async () => {
        ran = true;
      })
      .catch((caught: unknown) => caught);
    expect(ran).toBe(false);
    expect(LockTimeoutError.is(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /^Waited \d+ ms for the lock file .*credentials\.json\.dcrflow_lifecycle\.lock/,
    );
  });

  it('takes over the lock file of a dead holder at once', async () => {
    const path = join(dir.path, 'credentials.json');
    await writeFile(
      `${path}.dcrflow_lifecycle.lock`,
      JSON.stringify({ pid: 2 ** 22 + 1, host: hostname(), nonce: 'x' }),
    );
    const started = Date.now();
    expect(await fileCoordinator({ path }).withLock('dcrflow:lifecycle', async () => 'ran')).toBe('ran');
    expect(Date.now() - started).toBeLessThan(500);
  });
});
