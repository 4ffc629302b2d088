import { randomBytes } from 'node:crypto';
import type { Coordinator, CoordinatorMessage } from '@dcrflow/core';
import { ConfigurationError } from '@dcrflow/protocol';
import { keyedMutex } from '../concurrency/keyedMutex.ts';
import { LockTimeoutError } from '../errors/LockTimeoutError.ts';
import type { RedisSource } from './RedisClientLike.ts';
import { luaScript, type RedisTimingOptions, redisConnection } from './redisConnection.ts';

/**
 * Options of {@link redisCoordinator}.
 *
 * @example
 * ```ts
 * const options: RedisCoordinatorOptions = { keyPrefix: 'my-app:dcrflow:', lockTtlMs: 10_000 };
 * ```
 */
export interface RedisCoordinatorOptions extends RedisTimingOptions {
  /** Namespace of the lock keys and channels; use the same prefix as the {@link redisStore} it guards. */
  keyPrefix: string;
  /**
   * Expiry of the lock. The holder renews it every third of this while its task runs, so a long request keeps it;
   * a crashed holder's lock frees itself after at most this long. Default 10 000 ms.
   */
  lockTtlMs?: number;
  /** A `withLock` caller that cannot get the lock within this time fails with `LockTimeoutError`. Default 30 000 ms. */
  acquireTimeoutMs?: number;
  /** Polling backoff while waiting (besides the pub/sub wake-up): from `min` doubling to `max`. Default 25 → 1 000 ms. */
  pollIntervalMs?: { min?: number; max?: number };
}

/**
 * A {@link Coordinator} over Redis that also owns its connections when created from a URL.
 *
 * @example
 * ```ts
 * const coordinator: RedisCoordinator = redisCoordinator({ url: 'redis://127.0.0.1:6379' }, { keyPrefix: 'app:' });
 * await coordinator.close();
 * ```
 */
export interface RedisCoordinator extends Coordinator {
  /**
   * Listens to the store-change notices every process broadcasts on `<keyPrefix>events`: a dcrflow client subscribes
   * so it adopts another process's new token or credentials at once, with no request (devtools, caches and metrics
   * may listen too). Returns the unsubscribe function. Messages published before the subscription is active are not
   * replayed.
   */
  subscribe(listener: (message: CoordinatorMessage) => void): () => void;
  /**
   * Waits for running `withLock` calls to finish and release their lock, ends this coordinator's subscriptions and
   * closes the connections it created from `{ url }`. Close it before closing a client you passed in.
   */
  close(): Promise<void>;
}

/**
 * Takes the lock when it is free: `SET lock <fence>:<owner> NX PX ttl`, the fencing token drawn from `INCR` so every
 * acquisition of the lock gets a strictly larger number. When the lock is held, answers its remaining time to live so
 * the waiter never sleeps past the moment a crashed holder's lock expires.
 */
const ACQUIRE_SCRIPT = luaScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then return {0, redis.call('PTTL', KEYS[1])} end
local fence = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], fence .. ':' .. ARGV[1], 'NX', 'PX', ARGV[2])
return {1, fence}
`);

/** Extends the lock only while it still holds our token: a holder that lost it can never extend someone else's. */
const RENEW_SCRIPT = luaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`);

/** Compare-and-delete, then wake the waiters. A holder whose lock expired never deletes the next holder's lock. */
const RELEASE_SCRIPT = luaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  redis.call('PUBLISH', KEYS[2], 'released')
  return 1
end
return 0
`);

function milliseconds(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ConfigurationError(`redisCoordinator option \`${name}\` must be a positive number of milliseconds.`);
  }
  return value;
}

function parseMessage(text: string): CoordinatorMessage | null {
  try {
    const json = JSON.parse(text) as Partial<CoordinatorMessage> | null;
    if (
      (json?.type === 'stored' || json?.type === 'deleted') &&
      (json.version === null || typeof json.version === 'number') &&
      (json.clientId === null || typeof json.clientId === 'string')
    ) {
      return { type: json.type, version: json.version, clientId: json.clientId };
    }
  } catch {
    // Not ours: someone else publishes on the channel.
  }
  return null;
}

/**
 * A {@link Coordinator} for many processes on many servers, built on Redis' own primitives (no invented protocol):
 *
 * - **Lock**: `SET <prefix>lock:<name> <token> NX PX <lockTtlMs>`, with a fencing token from `INCR`; renewed every
 *   `lockTtlMs / 3` while the task runs (a slow refresh keeps it); released by a compare-and-delete script. A process
 *   killed while holding it blocks the others for at most `lockTtlMs`.
 * - **Waiting**: a pub/sub wake-up on release plus polling with capped exponential backoff (a missed message costs
 *   at most one poll interval); `acquireTimeoutMs` bounds the wait with a `LockTimeoutError`.
 * - **Broadcast**: `PUBLISH <prefix>events` with `{ type, version, clientId }` only — never a secret; peers re-read
 *   the store.
 * - Calls in one process queue locally first, so a process never competes with itself.
 *
 * Inside the lock the dcrflow client re-reads the store, so when a peer registered or refreshed first this instance
 * adopts the result with zero requests. The store's compare-and-set version is the storage-side fence: a holder
 * whose lock expired (a frozen process) cannot overwrite a newer entry.
 *
 * @example
 * ```ts
 * import { createDcrClient } from '@dcrflow/core';
 * import { redisCoordinator, redisStore } from '@dcrflow/node';
 *
 * const source = { url: 'redis://127.0.0.1:6379' };
 * const store = redisStore(source, { keyPrefix: 'my-app:dcrflow:' });
 * const coordinator = redisCoordinator(source, { keyPrefix: 'my-app:dcrflow:', lockTtlMs: 10_000 });
 * const client = createDcrClient({ baseUrl, softwareStatement, store, coordinator });
 * // on shutdown
 * client.stop();
 * await Promise.all([store.close(), coordinator.close()]);
 * ```
 */
export function redisCoordinator(source: RedisSource, options: RedisCoordinatorOptions): RedisCoordinator {
  if (typeof options !== 'object' || options === null || typeof options.keyPrefix !== 'string') {
    throw new ConfigurationError(
      'redisCoordinator needs options with a `keyPrefix` string, such as { keyPrefix: "my-app:dcrflow:" }.',
    );
  }
  const prefix = options.keyPrefix;
  const lockTtlMs = Math.ceil(milliseconds(options.lockTtlMs, 10_000, 'lockTtlMs'));
  const acquireTimeoutMs = milliseconds(options.acquireTimeoutMs, 30_000, 'acquireTimeoutMs');
  const pollMin = milliseconds(options.pollIntervalMs?.min, 25, 'pollIntervalMs.min');
  const pollMax = Math.max(pollMin, milliseconds(options.pollIntervalMs?.max, 1_000, 'pollIntervalMs.max'));
  const connection = redisConnection(source, options, 'redisCoordinator');
  const eventsChannel = `${prefix}events`;
  const localQueue = keyedMutex();
  const listeners = new Set<(message: CoordinatorMessage) => void>();
  // withLock calls still running: close() lets them finish and release their lock before connections go.
  const active = new Set<Promise<unknown>>();
  let eventsSubscription: Promise<(() => Promise<void>) | null> | undefined;
  let closed = false;

  const lockKey = (name: string) => `${prefix}lock:${name}`;
  const fenceKey = (name: string) => `${prefix}lock:${name}:fence`;
  const releaseChannel = (name: string) => `${prefix}lock:${name}:released`;

  /**
   * One attempt: the fencing token when the lock was free, else the holder's remaining time to live (ms, ≤ 0 when
   * unknown).
   */
  async function attempt(name: string, owner: string): Promise<{ token: string } | { holderTtl: number }> {
    const reply = (await connection.script(
      ACQUIRE_SCRIPT,
      [lockKey(name), fenceKey(name)],
      [owner, String(lockTtlMs)],
      `acquire the lock ${lockKey(name)}`,
    )) as unknown[];
    return Number(reply[0]) === 1 ? { token: `${Number(reply[1])}:${owner}` } : { holderTtl: Number(reply[1]) };
  }

  /**
   * Takes the lock, waiting while another process holds it. The waiter subscribes to the release channel before its
   * next attempt, so a release between a failed attempt and the wait is never missed; polling with capped backoff
   * covers a lost message (and a failed subscription: slower, never wrong).
   */
  async function acquire(name: string, owner: string): Promise<string> {
    const started = Date.now();
    const first = await attempt(name, owner);
    if ('token' in first) return first.token;
    let wake: (() => void) | undefined;
    let woken = false;
    const unsubscribe = await connection
      .listen(releaseChannel(name), () => {
        woken = true;
        wake?.();
      })
      .catch(() => null);
    try {
      let delay = pollMin;
      for (;;) {
        woken = false;
        const result = await attempt(name, owner);
        if ('token' in result) return result.token;
        const waited = Date.now() - started;
        const remaining = acquireTimeoutMs - waited;
        if (remaining <= 0) {
          throw new LockTimeoutError(
            `Waited ${waited} ms for the Redis lock ${lockKey(name)}, which another process holds and keeps renewing; giving up. ` +
              `A crashed holder's lock expires by itself after lockTtlMs (${lockTtlMs} ms).`,
            { lockName: name, waitedMs: waited },
          );
        }
        const backoff = delay * (0.5 + Math.random());
        // Never sleep past the moment a crashed holder's lock expires.
        const untilExpiry = result.holderTtl > 0 ? result.holderTtl + 5 : backoff;
        const waitMs = Math.max(1, Math.min(backoff, untilExpiry, remaining));
        if (!woken) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, waitMs);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          wake = undefined;
        }
        delay = Math.min(delay * 2, pollMax);
      }
    } finally {
      await unsubscribe?.();
    }
  }

  function deliver(text: string): void {
    const message = parseMessage(text);
    if (message === null) return;
    for (const listener of [...listeners]) {
      try {
        listener(message);
      } catch {
        // A failing listener must not stop the others.
      }
    }
  }

  function stopEvents(): void {
    const subscription = eventsSubscription;
    eventsSubscription = undefined;
    void subscription?.then((unsubscribe) => unsubscribe?.());
  }

  return {
    withLock<T>(name: string, task: () => Promise<T>): Promise<T> {
      if (typeof name !== 'string' || name === '') {
        return Promise.reject(new ConfigurationError('redisCoordinator.withLock needs a non-empty lock name.'));
      }
      if (typeof task !== 'function') {
        return Promise.reject(new ConfigurationError('redisCoordinator.withLock needs a task function.'));
      }
      if (closed) return Promise.reject(new ConfigurationError('redisCoordinator.withLock was called after close().'));
      const run = localQueue.run(name, async () => {
        const owner = randomBytes(12).toString('hex');
        const token = await acquire(name, owner);
        const renewal = setInterval(
          () => {
            void connection
              .script(RENEW_SCRIPT, [lockKey(name)], [token, String(lockTtlMs)], `renew the lock ${lockKey(name)}`)
              .catch(() => undefined);
          },
          Math.max(1, Math.floor(lockTtlMs / 3)),
        );
        try {
          return await task();
        } finally {
          clearInterval(renewal);
          // If the release fails (Redis down) the lock still expires after lockTtlMs.
          await connection
            .script(RELEASE_SCRIPT, [lockKey(name), releaseChannel(name)], [token], `release the lock ${lockKey(name)}`)
            .catch(() => undefined);
        }
      });
      const settled = run.then(
        () => undefined,
        () => undefined,
      );
      active.add(settled);
      void settled.then(() => active.delete(settled));
      return run;
    },

    broadcast(message: CoordinatorMessage): void {
      const payload = JSON.stringify({ type: message.type, version: message.version, clientId: message.clientId });
      // Best effort by contract: peers also re-read the store inside the lock.
      void connection
        .command(['PUBLISH', eventsChannel, payload], `publish on ${eventsChannel}`)
        .catch(() => undefined);
    },

    subscribe(listener: (message: CoordinatorMessage) => void): () => void {
      listeners.add(listener);
      if (eventsSubscription === undefined && !closed) {
        const pending: Promise<(() => Promise<void>) | null> = connection.listen(eventsChannel, deliver).catch(() => {
          // Retry on the next subscribe; broadcasts are best effort.
          if (eventsSubscription === pending) eventsSubscription = undefined;
          return null;
        });
        eventsSubscription = pending;
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) stopEvents();
      };
    },

    async close(): Promise<void> {
      closed = true;
      // A lock released by its holder frees the peers at once; one left to expire blocks them for lockTtlMs.
      await Promise.all([...active]);
      listeners.clear();
      const subscription = eventsSubscription;
      eventsSubscription = undefined;
      const unsubscribe = await subscription;
      await unsubscribe?.();
      await connection.close();
    },
  };
}
