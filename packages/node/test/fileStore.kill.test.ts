import { readdir, readFile } from 'node:fs/promises';
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

// Bound the work, not the wall clock. Each kill costs one Node start-up (~0.5 s idle, several seconds on a loaded
// machine), so 50 fixed kills timed out under load. What the test must cover is two kinds of kill: one landing
// mid-write (a temporary file is left beside the target) and one landing between writes; every kill is checked
// the same way. So it kills at least MIN_KILLS times and keeps going until MIN_MID_WRITE kills landed mid-write
// (about one kill in four does), never beyond MAX_KILLS — a store that tore a file would be caught in any of them.
const MIN_KILLS = 10;
const MIN_MID_WRITE = 2;
const MAX_KILLS = 40;

/** Parses the file as the writer wrote it; throws on anything torn. */
function parseWhole(text: string): { n: number; version: number } {
  const envelope = JSON.parse(text) as { value: string; version: number };
  const value = JSON.parse(envelope.value) as { n: number; length: number; pad: string };
  if (value.pad.length !== value.length) throw new Error(`torn value: ${value.pad.length} of ${value.length} bytes`);
  return { n: value.n, version: envelope.version };
}

it(`never leaves a torn or corrupt file when a writer is killed with SIGKILL (${MIN_KILLS}–${MAX_KILLS} times)`, {
  // Generous: the loop is bounded by MAX_KILLS, this only stops a hung child from stalling the suite.
  timeout: 240_000,
}, async () => {
  const path = join(dir.path, 'credentials.json');
  const started = Date.now();
  let last = { n: 0, version: 0 };
  let killedMidWrite = 0;
  let kills = 0;
  while (kills < MAX_KILLS && (kills < MIN_KILLS || killedMidWrite < MIN_MID_WRITE)) {
    kills += 1;
    const child = spawnFixture('fileWriter.ts', [path]);
    // Only kill once the writer is in its loop, then at a random moment of it.
    await waitForLine(child, (line) => line === 'writing');
    await sleep(Math.random() * 20);
    child.kill('SIGKILL');
    expect(await exited(child)).toBe('SIGKILL');

    // A temporary file beside the target means the kill landed between the temp write and the rename.
    const names = await readdir(dir.path);
    if (names.some((name) => name.includes('.tmp-'))) killedMidWrite += 1;
    expect(names.filter((name) => name.includes('.corrupt-'))).toEqual([]);

    const whole = parseWhole(await readFile(path, 'utf8'));
    // The file moves forward only: the whole old value or the whole new one, never anything else.
    expect(whole.version).toBeGreaterThanOrEqual(last.version);
    expect(whole.n).toBe(whole.version);
    last = whole;
    // The store itself reads the same entry (and takes over the dead writer's lock on its next write).
    expect((await fileStore({ path }).get())?.version).toBe(whole.version);
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `fileStore kill -9 × ${kills}: ${killedMidWrite} kills left a temporary file (mid-write), ${last.version} writes, ` +
      `file always whole (${seconds} s)`,
  );
  // Fails if no kill ever landed mid-write: then the test would not have exercised the case it exists for.
  expect(killedMidWrite).toBeGreaterThanOrEqual(MIN_MID_WRITE);
});
