// Issue 13, item 1: a writer frozen (SIGSTOP) after its version check, for longer than staleLockMs, must not rename
// its outdated file over the value another process wrote meanwhile. Real processes; staleLockMs is small (300 ms) so
// the test waits well under a second instead of 30 s.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { fileStore } from '../src/index.ts';
import { exited, spawnFixture, waitForLine } from './support/children.ts';
import { tempDir } from './support/tempDir.ts';

let dir: { path: string; remove(): Promise<void> };
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await dir.remove();
});

const STALE_MS = 300;

/** Resolves once /proc says the process is stopped (state T), within `ms`. */
async function stopped(pid: number, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Field 3, after the parenthesised command name.
    if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('T')) return;
    await sleep(5);
  }
  throw new Error(`process ${pid} did not stop within ${ms} ms`);
}

it.runIf(process.platform === 'linux')(
  'a writer frozen past staleLockMs after its version check never overwrites the newer value (compare-and-set holds)',
  { timeout: 30_000 },
  async () => {
    const path = join(dir.path, 'credentials.json');
    const child = spawnFixture('frozenWriter.ts', [path, String(STALE_MS), 'frozen-writer-value']);
    try {
      await waitForLine(child, (line) => line === 'freezing');
      await stopped(child.pid ?? 0);

      // The frozen child holds the lock; once it is older than staleLockMs this process takes it over and writes.
      const store = fileStore({ path, staleLockMs: STALE_MS, lockTimeoutMs: 10_000 });
      const mine = await store.set('live-writer-value', { expectedVersion: null });
      expect(mine).toEqual({ ok: true, version: 1 });

      child.kill('SIGCONT');
      const line = await waitForLine(child, (text) => text.startsWith('{'));
      expect(await exited(child)).toBe(0);
      const theirs = JSON.parse(line) as { ok: boolean; current?: { value: string; version: number } };

      // Exactly one of two `expectedVersion: null` writes may succeed; the late one sees the winner's entry.
      expect(theirs).toEqual({ ok: false, current: { value: 'live-writer-value', version: 1 } });
      expect(await store.get()).toEqual({ value: 'live-writer-value', version: 1 });
    } finally {
      child.kill('SIGKILL');
    }
  },
);
