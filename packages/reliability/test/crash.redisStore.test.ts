// Crash safety of @dcrflow/node's redisStore: its connection is dropped in the middle of operations — by Redis
// (CLIENT KILL), by the network (a proxy cutting the TCP stream, often halfway through a 200 KB command), and by the
// writer process dying (SIGKILL) — 200 times. After every drop the key must hold the last value the writer saw
// acknowledged or the one it was writing, whole, and the store must read it back.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type RedisStore, redisStore } from '@dcrflow/node';
import { afterAll, beforeAll, expect, inject, it, onTestFinished } from 'vitest';
import { type FixtureProcess, startFixture } from './support/fixtureProcess.ts';
import { RespConnection, type RespReply } from './support/RespConnection.ts';
import { seededRandom } from './support/seededRandom.ts';
import { TcpProxy } from './support/TcpProxy.ts';

const SEED = 7_331;
const DROPS_IN_PROCESS = 190; // CLIENT KILL and a cut TCP stream, alternately
const KILLS = 10; // writer processes killed with SIGKILL (each start loads the Redis client: ~0.5 s)
const KEY_PREFIX = `dcrflow-crash:${SEED}:`;
const KEY = `${KEY_PREFIX}credentials`;

const port = inject('redisPort');
const directUrl = `redis://127.0.0.1:${port}`;
let admin: RespConnection;
let proxy: TcpProxy;
let reader: RedisStore;
let compileCache: string;

beforeAll(async () => {
  admin = await RespConnection.open(port);
  await admin.command(['DEL', KEY]);
  proxy = await new TcpProxy(port).listen();
  reader = redisStore({ url: directUrl }, { keyPrefix: KEY_PREFIX, commandTimeoutMs: 3_000 });
  compileCache = await mkdtemp(join(tmpdir(), 'dcrflow-compile-cache-'));
});
afterAll(async () => {
  await reader.close();
  await proxy.close();
  admin.close();
  await rm(compileCache, { recursive: true, force: true });
});

/** The hash as Redis holds it, checked whole; throws on a torn or foreign value. */
async function storedEntry(): Promise<{ value: string; version: number } | null> {
  const reply = (await admin.command(['HMGET', KEY, 'value', 'version'])) as RespReply[];
  const [value, version] = reply;
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') throw new Error(`unexpected reply ${String(value)}`);
  const parsed = JSON.parse(value) as { n: number; length: number; pad: string };
  if (parsed.pad.length !== parsed.length)
    throw new Error(`torn value: ${parsed.pad.length} of ${parsed.length} bytes`);
  if (parsed.n !== Number(version)) throw new Error(`value ${parsed.n} stored as version ${String(version)}`);
  return { value, version: Number(version) };
}

/**
 * The stored entry once it stops changing: bytes of the writer's last command may still be on their way (through the
 * proxy, or queued by the client while it reconnected) when its store is closed, and they land whole or not at all.
 */
async function settledEntry(): Promise<{ value: string; version: number } | null> {
  let previous = await storedEntry();
  for (let attempt = 0; attempt < 20; attempt++) {
    await sleep(25);
    const current = await storedEntry();
    if (current?.version === previous?.version) return current;
    previous = current;
  }
  throw new Error('the stored entry kept changing after the writer stopped');
}

/** What one writer run saw: the version it last knew to be stored, and the write in flight when it failed. */
interface WriterOutcome {
  known: number;
  inDoubt: number | null;
  acked: number;
}

/**
 * Writes until told to stop or until the first failure (the dropped connection). `connected` is called after the
 * first read answered: the store's connection exists from then on.
 */
async function writeUntilDropped(
  store: RedisStore,
  stop: { now: boolean },
  random: () => number,
  known: number,
  connected: () => void,
) {
  const outcome: WriterOutcome = { known, inDoubt: null, acked: 0 };
  while (!stop.now) {
    let current: { version: number } | null;
    try {
      current = await store.get();
    } catch {
      return outcome;
    }
    connected();
    outcome.known = current?.version ?? 0;
    const n = outcome.known + 1;
    const length = Math.floor(random() ** 3 * 200_000);
    try {
      const result = await store.set(JSON.stringify({ n, length, pad: 'w'.repeat(length) }), {
        expectedVersion: current?.version ?? null,
      });
      if (result.ok) {
        outcome.known = result.version;
        outcome.acked += 1;
      }
    } catch {
      outcome.inDoubt = n;
      return outcome;
    }
  }
  return outcome;
}

function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

it(`redisStore: a connection dropped mid-operation ${DROPS_IN_PROCESS} times (CLIENT KILL, cut TCP stream) always leaves the old or the new value, whole`, {
  timeout: 240_000, // bounded work; generous for a loaded machine (64 s measured beside a busy CPU)
}, async () => {
  const random = seededRandom(SEED);
  const started = performance.now();
  const counts = { clientKill: 0, tcpCut: 0, inFlightApplied: 0, inFlightLost: 0, betweenWrites: 0, writes: 0 };
  let lastVersion = (await storedEntry())?.version ?? 0;
  for (let round = 0; round < DROPS_IN_PROCESS; round++) {
    const viaProxy = round % 2 === 1;
    // A fresh store per round: closing it after the drop settles every command it still had queued, so nothing it
    // sent can land after the check below.
    const store = redisStore(
      { url: viaProxy ? `redis://127.0.0.1:${proxy.port}` : directUrl },
      { keyPrefix: KEY_PREFIX, commandTimeoutMs: 2_000, connectTimeoutMs: 2_000 },
    );
    const stop = { now: false };
    let connected!: () => void;
    const isConnected = new Promise<void>((resolve) => {
      connected = resolve;
    });
    const writing = writeUntilDropped(store, stop, random, lastVersion, connected);
    let outcome: WriterOutcome;
    try {
      // Drop only once the store is connected and writing: on a loaded machine a fixed 2–27 ms could end before the
      // connection existed, and the drop found nothing to cut. The random moment is counted from there.
      await withDeadline(Promise.race([isConnected, writing]), 10_000, 'connecting the store');
      await sleep(2 + random() * 25);
      if (viaProxy) {
        expect(proxy.cut()).toBeGreaterThan(0);
        counts.tcpCut += 1;
      } else {
        const killed = await admin.command(['CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes']);
        expect(killed).toBeGreaterThan(0);
        counts.clientKill += 1;
      }
    } finally {
      // Also on a failed round: a writer left running would keep writing the key under the next test.
      stop.now = true;
      outcome = await withDeadline(writing, 10_000, 'the writer');
      await withDeadline(store.close(), 10_000, 'closing the store');
    }
    counts.writes += outcome.acked;

    const entry = await settledEntry();
    // Nothing stored yet is version 0: a drop can land before the very first write did.
    const version = entry?.version ?? 0;
    if (outcome.inDoubt === null) {
      expect(version).toBe(outcome.known);
      counts.betweenWrites += 1;
    } else {
      expect([outcome.known, outcome.inDoubt]).toContain(version);
      if (version === outcome.inDoubt) counts.inFlightApplied += 1;
      else counts.inFlightLost += 1;
    }
    expect(version).toBeGreaterThanOrEqual(lastVersion);
    lastVersion = version;
    expect(await reader.get()).toEqual(entry);
  }
  // The drops must have hit writes in flight, both ways, or the test proved little.
  expect(counts.inFlightApplied + counts.inFlightLost).toBeGreaterThan(0);
  console.log(
    `redisStore drops: ${counts.clientKill} CLIENT KILL + ${counts.tcpCut} cut TCP streams in ${((performance.now() - started) / 1000).toFixed(1)} s, ` +
      `${counts.writes} acknowledged writes; value whole after every drop: ${counts.inFlightApplied} writes in flight landed whole (reply lost), ` +
      `${counts.inFlightLost} in flight did not land at all, ${counts.betweenWrites} drops between writes left the last acknowledged value`,
  );
});

it(`redisStore: a writer process killed with SIGKILL ${KILLS} times always leaves the old or the new value, whole`, {
  timeout: 240_000, // bounded work; generous for a loaded machine (64 s measured beside a busy CPU)
}, async () => {
  const random = seededRandom(SEED + 1);
  const started = performance.now();
  const start = (kill: number): FixtureProcess =>
    startFixture('redisStoreWriter.ts', [directUrl, KEY_PREFIX, String(SEED + 100 + kill)], {
      NODE_COMPILE_CACHE: compileCache,
    });
  const counts = { oldValue: 0, newValue: 0, writes: 0 };
  let next = start(0);
  // The writer started ahead is still waiting when a kill fails the test: stop it, or it outlives the run.
  onTestFinished(() => {
    next.child.kill('SIGKILL');
  });
  let lastVersion = (await storedEntry())?.version ?? 0;
  for (let kill = 0; kill < KILLS; kill++) {
    const writer = next;
    if (kill + 1 < KILLS) next = start(kill + 1);
    await writer.waitForLine((line) => line === 'ready');
    writer.child.stdin?.write('go\n');
    await writer.waitForLine((line) => line.startsWith('acked '));
    await sleep(random() * 20);
    writer.child.kill('SIGKILL');
    expect(await writer.exited).toBe('SIGKILL');
    const acked = writer.lines.filter((line) => line.startsWith('acked ')).map((line) => Number(line.slice(6)));
    const lastAcked = Math.max(...acked);
    counts.writes += acked.length;
    // Redis runs a command only once it has received all of it: the dead writer's last command ran whole or not at all.
    const entry = await storedEntry();
    expect([lastAcked, lastAcked + 1]).toContain(entry?.version);
    if (entry?.version === lastAcked) counts.oldValue += 1;
    else counts.newValue += 1;
    expect(entry!.version).toBeGreaterThan(lastVersion);
    lastVersion = entry!.version;
    expect(await reader.get()).toEqual(entry);
  }
  console.log(
    `redisStore SIGKILL: ${KILLS} writers killed in ${((performance.now() - started) / 1000).toFixed(1)} s, ${counts.writes} acknowledged writes; ` +
      `value whole after every kill: ${counts.oldValue}× the last acknowledged value, ${counts.newValue}× the value being written`,
  );
});
