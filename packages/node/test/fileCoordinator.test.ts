import { stat, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startRenewal } from '../src/file/fileLock.ts';
import { fileCoordinator, LockTimeoutError } from '../src/index.ts';
import { tempDir } from './support/tempDir.ts';

let dir: { path: string; remove(): Promise<void> };
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await dir.remove();
});

/**
 * The lock file's age on the lock's own clock (fake `Date` here), once the renewals the test just fired have landed:
 * each renewal is an asynchronous utimes, so poll a bounded number of stats for it (real I/O, no wall-clock wait).
 */
async function settledAge(lock: string, freshWithinMs: number): Promise<number> {
  let age = Number.POSITIVE_INFINITY;
  for (let poll = 0; poll < 500; poll++) {
    age = Date.now() - (await stat(lock)).mtimeMs;
    if (age < freshWithinMs) break;
  }
  return age;
}

describe('fileCoordinator', () => {
  it('keeps a long hold fresh, so no waiter takes it over as stale', async () => {
    const path = join(dir.path, 'state', 'credentials.json');
    const lock = `${path}.dcrflow_lifecycle.lock`;
    let age = Number.POSITIVE_INFINITY;
    // Fake interval and Date: the hold lasts three staleLockMs in renewal ticks, whatever the machine's load. (With a
    // real 900 ms sleep and 100 ms renewals, one renewal delayed past 300 ms by a busy CPU failed the test.)
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    try {
      await fileCoordinator({ path, staleLockMs: 300 }).withLock('dcrflow:lifecycle', async () => {
        const acquiredAt = Date.now();
        vi.advanceTimersByTime(900);
        expect(Date.now() - acquiredAt).toBe(900);
        age = await settledAge(lock, 300);
      });
    } finally {
      vi.useRealTimers();
    }
    // Held three times longer than staleLockMs, yet touched within the last third of it.
    expect(age).toBeLessThan(300);
    await expect(stat(lock)).rejects.toThrow('ENOENT');
  });

  it('never moves the lock file back in time when renewals pile up (they finish out of order on the thread pool)', async () => {
    // The cause of a CI failure of the test above: a busy machine fires several overdue renewals at once; concurrent
    // utimes calls finish in any order (measured: 65 % of 9-call bursts ended on an older time), so the lock looked
    // 400+ ms old to its waiters although its holder was alive. Renewals must land in tick order, the newest last.
    const lock = join(dir.path, 'burst.lock');
    await writeFile(lock, '{}');
    await utimes(lock, new Date(0), new Date(0));
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    try {
      for (let burst = 0; burst < 20; burst++) {
        const renewal = startRenewal(lock, 10);
        vi.advanceTimersByTime(90); // nine overdue ticks in one go
        const lastTick = Date.now();
        await renewal.stop(); // waits for the write in flight: no stat polling, no wall clock
        expect(Math.round((await stat(lock)).mtimeMs)).toBe(lastTick); // mtime is stored in ns: float noise
      }
    } finally {
      vi.useRealTimers();
    }
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
    // "At once" against a lock that only turns stale after a minute: waiting for staleness instead of seeing the dead
    // pid would take 60 s, so a 10 s bound tells the two apart with room for a loaded machine.
    const started = Date.now();
    const coordinator = fileCoordinator({ path, staleLockMs: 60_000, acquireTimeoutMs: 120_000 });
    expect(await coordinator.withLock('dcrflow:lifecycle', async () => 'ran')).toBe('ran');
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
