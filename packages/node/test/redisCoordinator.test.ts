import { randomUUID } from 'node:crypto';
import type { CoordinatorMessage } from '@dcrflow/core';
import { ConfigurationError } from '@dcrflow/protocol';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  LockTimeoutError,
  type RedisClientLike,
  type RedisCoordinator,
  RedisUnavailableError,
  redisCoordinator,
  redisStore,
} from '../src/index.ts';

const url = inject('redisUrl');
let admin: RedisClientLike;

beforeAll(async () => {
  admin = (await createClient({ url }).connect()) as unknown as RedisClientLike;
});
afterAll(async () => {
  await admin.close();
});

const prefix = () => `test:${randomUUID()}:`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `count` overlapping tasks through the coordinators and records how many ran at the same time. */
async function maxOverlap(coordinators: RedisCoordinator[], count: number, taskMs: number): Promise<number> {
  let running = 0;
  let peak = 0;
  await Promise.all(
    Array.from({ length: count }, (_, index) =>
      coordinators[index % coordinators.length]!.withLock('lifecycle', async () => {
        running += 1;
        peak = Math.max(peak, running);
        await sleep(taskMs);
        running -= 1;
      }),
    ),
  );
  return peak;
}

describe('redisCoordinator', () => {
  it('runs the tasks of separate coordinators (separate connections) one at a time', async () => {
    const keyPrefix = prefix();
    const coordinators = [0, 1, 2].map(() =>
      redisCoordinator({ url }, { keyPrefix, pollIntervalMs: { min: 5, max: 50 } }),
    );
    try {
      expect(await maxOverlap(coordinators, 9, 20)).toBe(1);
      // Released: no lock key remains, and the fencing counter counted every acquisition.
      expect(await admin.sendCommand(['EXISTS', `${keyPrefix}lock:lifecycle`])).toBe(0);
      expect(Number(await admin.sendCommand(['GET', `${keyPrefix}lock:lifecycle:fence`]))).toBe(9);
    } finally {
      await Promise.all(coordinators.map((coordinator) => coordinator.close()));
    }
  });

  it('stores a fencing token from INCR as the lock value while the task runs', async () => {
    const keyPrefix = prefix();
    const coordinator = redisCoordinator({ client: admin }, { keyPrefix });
    const seen: unknown[] = [];
    for (let round = 0; round < 2; round++) {
      await coordinator.withLock('lifecycle', async () => {
        seen.push(await admin.sendCommand(['GET', `${keyPrefix}lock:lifecycle`]));
      });
    }
    expect(String(seen[0])).toMatch(/^1:[0-9a-f]{24}$/);
    expect(String(seen[1])).toMatch(/^2:[0-9a-f]{24}$/);
    await coordinator.close();
  });

  // Lock expiry is Redis's own real time, so these tests keep real time but bound the work: the TTLs are long
  // enough that a loaded machine's late timer cannot pass for the behaviour under test (the 300 ms TTL renewed every
  // 100 ms failed when one renewal came 200 ms late), and each wait is a signal, not a guessed sleep.

  it('renews the lock while a task runs longer than lockTtlMs', async () => {
    const keyPrefix = prefix();
    const lockTtlMs = 1_000;
    const holder = redisCoordinator({ url }, { keyPrefix, lockTtlMs });
    const contender = redisCoordinator({ url }, { keyPrefix, lockTtlMs, pollIntervalMs: { min: 5, max: 20 } });
    try {
      let holderDone = 0;
      let contenderStarted = 0;
      let holding!: () => void;
      const held = new Promise<void>((resolve) => {
        holding = resolve;
      });
      const values: unknown[] = [];
      const first = holder.withLock('lifecycle', async () => {
        holding();
        // Hold for 2.5 lock lifetimes, checking the lock is still ours at every lifetime boundary.
        for (let step = 0; step < 5; step++) {
          await sleep(lockTtlMs / 2);
          values.push(await admin.sendCommand(['GET', `${keyPrefix}lock:lifecycle`]));
        }
        holderDone = Date.now();
      });
      await held;
      const second = contender.withLock('lifecycle', async () => {
        contenderStarted = Date.now();
      });
      await Promise.all([first, second]);
      // Without renewal the lock would have expired twice over before the holder finished: the key would have gone
      // (or been the contender's) and the contender would have started first.
      expect(new Set(values).size).toBe(1);
      expect(String(values[0])).toMatch(/^1:/);
      expect(contenderStarted).toBeGreaterThanOrEqual(holderDone);
    } finally {
      await Promise.all([holder.close(), contender.close()]);
    }
  });

  it('wakes a waiter through pub/sub on release, well before its next poll', async () => {
    const keyPrefix = prefix();
    const holder = redisCoordinator({ url }, { keyPrefix, lockTtlMs: 60_000 });
    // Polling alone would wait 10–30 s (a 20 s interval, jittered): far longer than the bound below.
    const waiter = redisCoordinator({ url }, { keyPrefix, pollIntervalMs: { min: 20_000, max: 20_000 } });
    try {
      let released = 0;
      let acquired = 0;
      let holding!: () => void;
      const held = new Promise<void>((resolve) => {
        holding = resolve;
      });
      const first = holder.withLock('lifecycle', async () => {
        holding();
        // Release only once the waiter listens on the release channel, so the test shows the wake-up, whatever
        // the load (a guessed 100 ms head start could end before the waiter even tried).
        const channel = `${keyPrefix}lock:lifecycle:released`;
        for (let poll = 0; poll < 2_000; poll++) {
          const reply = (await admin.sendCommand(['PUBSUB', 'NUMSUB', channel])) as unknown[];
          if (Number(reply[1]) > 0) break;
          await sleep(5);
        }
        released = Date.now();
      });
      await held;
      await waiter.withLock('lifecycle', async () => {
        acquired = Date.now();
      });
      await first;
      expect(acquired - released).toBeLessThan(5_000);
    } finally {
      await Promise.all([holder.close(), waiter.close()]);
    }
  });

  it('takes over a lock whose holder vanished once it expires', async () => {
    const keyPrefix = prefix();
    // A holder that crashed: its lock is there with 400 ms to live and nobody renews it.
    await admin.sendCommand(['SET', `${keyPrefix}lock:lifecycle`, '7:dead-holder', 'PX', '400']);
    const coordinator = redisCoordinator({ url }, { keyPrefix, acquireTimeoutMs: 60_000 });
    try {
      const started = Date.now();
      await coordinator.withLock('lifecycle', async () => undefined);
      const waited = Date.now() - started;
      // Not before Redis expired it (the lower bound only grows under load); and soon after, not at the 60 s
      // acquire timeout (a generous upper bound for a loaded machine).
      expect(waited).toBeGreaterThanOrEqual(300);
      expect(waited).toBeLessThan(10_000);
    } finally {
      await coordinator.close();
    }
  });

  it('gives up with a LockTimeoutError after acquireTimeoutMs', async () => {
    const keyPrefix = prefix();
    await admin.sendCommand(['SET', `${keyPrefix}lock:lifecycle`, '1:busy', 'PX', '10000']);
    const coordinator = redisCoordinator({ url }, { keyPrefix, acquireTimeoutMs: 300 });
    try {
      let ran = false;
      const error = await coordinator
        .withLock('lifecycle', async () => {
          ran = true;
        })
        .catch((caught: unknown) => caught);
      expect(ran).toBe(false);
      expect(LockTimeoutError.is(error)).toBe(true);
      expect((error as LockTimeoutError).code).toBe('transport');
      expect((error as Error).message).toMatch(
        new RegExp(`^Waited \\d+ ms for the Redis lock ${keyPrefix}lock:lifecycle, which another process holds`),
      );
    } finally {
      await coordinator.close();
    }
  });

  it('never deletes a lock it no longer owns', async () => {
    const keyPrefix = prefix();
    const coordinator = redisCoordinator({ url }, { keyPrefix, lockTtlMs: 150 });
    try {
      await coordinator.withLock('lifecycle', async () => {
        // Someone else's lock replaces ours (as after an expiry); our release must leave it alone.
        await admin.sendCommand(['SET', `${keyPrefix}lock:lifecycle`, '99:other', 'PX', '5000']);
      });
      expect(await admin.sendCommand(['GET', `${keyPrefix}lock:lifecycle`])).toBe('99:other');
    } finally {
      await coordinator.close();
    }
  });

  it('broadcasts store changes to subscribers in other processes without secrets', async () => {
    const keyPrefix = prefix();
    const sender = redisCoordinator({ url }, { keyPrefix });
    const receiver = redisCoordinator({ client: admin }, { keyPrefix });
    const raw: string[] = [];
    const rawListener = (message: string) => raw.push(message);
    const rawSubscriber = admin.duplicate();
    await rawSubscriber.connect();
    await rawSubscriber.subscribe(`${keyPrefix}events`, rawListener);
    try {
      const received: CoordinatorMessage[] = [];
      const unsubscribe = receiver.subscribe((message) => received.push(message));
      // Subscription is asynchronous: publish until the first message arrives.
      for (let attempt = 0; attempt < 50 && received.length === 0; attempt++) {
        sender.broadcast({ type: 'stored', version: 3, clientId: 'client-1' });
        await sleep(20);
      }
      expect(received[0]).toEqual({ type: 'stored', version: 3, clientId: 'client-1' });
      expect(JSON.parse(raw[0]!)).toEqual({ type: 'stored', version: 3, clientId: 'client-1' });
      unsubscribe();
      const count = received.length;
      const rawCount = raw.length;
      sender.broadcast({ type: 'deleted', version: null, clientId: null });
      // Wait until the message was delivered (the raw subscriber heard it), then a little more for the receiver's
      // own connection: a fixed 100 ms could end before any delivery and pass whatever unsubscribe did.
      for (let poll = 0; poll < 2_000 && raw.length === rawCount; poll++) await sleep(5);
      expect(raw.length).toBeGreaterThan(rawCount);
      await sleep(50);
      expect(received).toHaveLength(count);
    } finally {
      await rawSubscriber.close();
      await Promise.all([sender.close(), receiver.close()]);
    }
  });

  it('fails fast with RedisUnavailableError when Redis is unreachable, never hanging', async () => {
    // A port nothing listens on.
    const coordinator = redisCoordinator(
      { url: 'redis://:hunter2@127.0.0.1:1' },
      { keyPrefix: prefix(), connectTimeoutMs: 300, commandTimeoutMs: 300 },
    );
    const store = redisStore({ url: 'redis://127.0.0.1:1' }, { keyPrefix: prefix(), connectTimeoutMs: 300 });
    try {
      const started = Date.now();
      const lockError = await coordinator.withLock('lifecycle', async () => undefined).catch((error: unknown) => error);
      const storeError = await store.get().catch((error: unknown) => error);
      // "Never hanging": the 300 ms timeouts end it, far below this bound, which leaves room for a loaded machine.
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(RedisUnavailableError.is(lockError)).toBe(true);
      expect(RedisUnavailableError.is(storeError)).toBe(true);
      expect((lockError as RedisUnavailableError).code).toBe('transport');
      expect((lockError as Error).message).toMatch(/^Redis (did not answer in time|is unreachable): could not /);
      // The password in the URL is never shown.
      expect((lockError as Error).message).toContain('redis://:***@127.0.0.1:1');
      expect(JSON.stringify(lockError)).not.toContain('hunter2');
    } finally {
      await Promise.all([coordinator.close(), store.close()]);
    }
  });

  it('rejects bad options with a ConfigurationError', async () => {
    expect(() => redisCoordinator({ url: 'http://example.com' }, { keyPrefix: 'x:' })).toThrow(ConfigurationError);
    expect(() => redisCoordinator({ url }, {} as never)).toThrow(
      'redisCoordinator needs options with a `keyPrefix` string',
    );
    expect(() => redisCoordinator({ url }, { keyPrefix: 'x:', lockTtlMs: 0 })).toThrow(
      'redisCoordinator option `lockTtlMs` must be a positive number of milliseconds.',
    );
    const unconnected = createClient({ url }) as unknown as RedisClientLike;
    await expect(redisStore({ client: unconnected }, { keyPrefix: 'x:' }).get()).rejects.toThrow(
      'redisStore got a Redis client that is not connected (or was closed); call `await client.connect()` before using it.',
    );
    expect(() => redisStore({ client: {} as never }, { keyPrefix: 'x:' })).toThrow(
      'redisStore option `client` must be a node-redis client (createClient() from "redis").',
    );
  });
});

describe('redisStore', () => {
  it('keeps the version counter across delete, so a pre-delete writer loses', async () => {
    const keyPrefix = prefix();
    const store = redisStore({ client: admin }, { keyPrefix });
    await store.set('one', { expectedVersion: null });
    await store.set('two', { expectedVersion: 1 });
    await store.delete();
    expect(await store.get()).toBeNull();
    expect(await store.set('stale', { expectedVersion: 2 })).toEqual({ ok: false, current: null });
    expect(await store.set('fresh', { expectedVersion: null })).toEqual({ ok: true, version: 3 });
    // The hash itself holds the last value and the counter that survived the delete (HGETALL is never undefined,
    // so this checks its content).
    expect(await admin.sendCommand(['HGET', store.key, 'value'])).toBe('fresh');
    expect(await admin.sendCommand(['HGET', store.key, 'version'])).toBe('3');
    expect(store.key).toBe(`${keyPrefix}credentials`);
  });

  it('reports a key of another type as a ConfigurationError', async () => {
    const keyPrefix = prefix();
    await admin.sendCommand(['SET', `${keyPrefix}credentials`, 'a string, not a hash']);
    const error = await redisStore({ client: admin }, { keyPrefix })
      .get()
      .catch((caught: unknown) => caught);
    expect(ConfigurationError.is(error)).toBe(true);
    expect((error as Error).message).toContain('(WRONGTYPE). The key exists with another type');
  });
});
