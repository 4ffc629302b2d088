import { createHash } from 'node:crypto';
import { ConfigurationError } from '@dcrflow/protocol';
import { createClient, ErrorReply } from 'redis';
import { keyedMutex } from '../concurrency/keyedMutex.ts';
import { RedisUnavailableError } from '../errors/RedisUnavailableError.ts';
import type { RedisClientLike, RedisSource } from './RedisClientLike.ts';

/** Timing options shared by the Redis adapters. */
export interface RedisTimingOptions {
  /** A command that gets no answer within this time fails with `RedisUnavailableError`. Default 5 000 ms. */
  commandTimeoutMs?: number;
  /** With `{ url }`: how long the first connection may take. Default 5 000 ms. */
  connectTimeoutMs?: number;
}

/** A message listener on a pub/sub channel. */
export type ChannelListener = (message: string) => void;

/** The commands and pub/sub the Redis adapters need, with timeouts and typed errors. */
export interface RedisConnection {
  /** Runs one command; connection failures and timeouts become `RedisUnavailableError`. */
  command(args: readonly string[], operation: string): Promise<unknown>;
  /** Runs a Lua script by SHA1, loading it on first use (`NOSCRIPT`). */
  script(source: LuaScript, keys: readonly string[], args: readonly string[], operation: string): Promise<unknown>;
  /** Listens to a channel on the shared subscriber connection; resolves to the unsubscribe function. */
  listen(channel: string, listener: ChannelListener): Promise<() => Promise<void>>;
  /** Closes what this connection owns (the client created from a URL); a caller's client is left open. */
  close(): Promise<void>;
}

/** A Lua script with its SHA1, for EVALSHA. */
export interface LuaScript {
  readonly source: string;
  readonly sha1: string;
}

/** Prepares a Lua script for {@link RedisConnection.script}. */
export function luaScript(source: string): LuaScript {
  return { source, sha1: createHash('sha1').update(source).digest('hex') };
}

/** Redis reply errors a retry will not fix: authentication, ACL and a key of the wrong type. */
const CONFIGURATION_REPLIES = new Set(['NOAUTH', 'WRONGPASS', 'NOPERM', 'WRONGTYPE']);
const REPLY_CODE = /^([A-Z]{3,})\b/;

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the configured Redis URL';
  }
}

function timeoutOption(value: number | undefined, fallback: number, owner: string, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ConfigurationError(`${owner} option \`${name}\` must be a positive number of milliseconds.`);
  }
  return value;
}

function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * One shared pub/sub connection per caller client (a subscribed Redis connection cannot run other commands), so a
 * pool of per-device coordinators on one client costs one extra connection, not one per device.
 */
interface SubscriberHub {
  listen(channel: string, listener: ChannelListener, timeoutMs: number, describe: string): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

const sharedHubs = new WeakMap<RedisClientLike, SubscriberHub>();

/** How long an unused shared pub/sub connection stays open for the next waiter before it is closed. */
const HUB_LINGER_MS = 2_000;

function subscriberHub(base: RedisClientLike, closeWhenIdle: boolean): SubscriberHub {
  const queue = keyedMutex();
  let subscriber: RedisClientLike | undefined;
  let listeners = 0;
  let lingerTimer: ReturnType<typeof setTimeout> | undefined;

  async function closeSubscriber(timeoutMs: number): Promise<void> {
    clearTimeout(lingerTimer);
    const current = subscriber;
    subscriber = undefined;
    if (current === undefined) return;
    await withTimeout(current.close(), timeoutMs, () => new Error('close timed out')).catch(() => current.destroy());
  }

  return {
    listen(channel, listener, timeoutMs, describe) {
      const wrapped = (message: string) => listener(message);
      return queue.run('hub', async () => {
        clearTimeout(lingerTimer);
        try {
          if (subscriber === undefined) {
            const created = base.duplicate();
            // node-redis emits 'error' on every failed reconnect; without a listener Node would crash the process.
            created.on('error', () => undefined);
            subscriber = created;
            await withTimeout(created.connect(), timeoutMs, () =>
              unavailable(`open a pub/sub connection to ${describe}`, 'timeout'),
            );
            // The pub/sub socket alone must not keep the process alive.
            (created as { unref?: () => void }).unref?.();
          }
          const current = subscriber;
          await withTimeout(current.subscribe(channel, wrapped), timeoutMs, () =>
            unavailable(`subscribe to ${channel} on ${describe}`, 'timeout'),
          );
          listeners += 1;
          let active = true;
          return () =>
            queue.run('hub', async () => {
              if (!active) return;
              active = false;
              listeners -= 1;
              if (subscriber === current) {
                await withTimeout(current.unsubscribe(channel, wrapped), timeoutMs, () => new Error('timeout')).catch(
                  () => undefined,
                );
              }
              if (listeners === 0 && closeWhenIdle) {
                // Linger a little: lock waits come in bursts, and reconnecting each time would add latency.
                clearTimeout(lingerTimer);
                lingerTimer = setTimeout(
                  () =>
                    void queue.run('hub', async () => {
                      if (listeners === 0) await closeSubscriber(timeoutMs);
                    }),
                  HUB_LINGER_MS,
                );
                lingerTimer.unref?.();
              }
            });
        } catch (error) {
          if (listeners === 0) await closeSubscriber(timeoutMs);
          throw translate(error, `subscribe to ${channel} on ${describe}`);
        }
      });
    },
    close: () => queue.run('hub', () => closeSubscriber(5_000)),
  };
}

function unavailable(operation: string, reason: 'network' | 'timeout', cause?: unknown): RedisUnavailableError {
  const what = reason === 'timeout' ? 'did not answer in time' : 'is unreachable';
  return new RedisUnavailableError(
    `Redis ${what}: could not ${operation}.`,
    reason,
    cause === undefined ? undefined : { cause },
  );
}

/** Maps anything a Redis call threw to a dcrflow error; reply texts are reduced to their code (they may echo data). */
function translate(error: unknown, operation: string): Error {
  if (RedisUnavailableError.is(error) || ConfigurationError.is(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  const replyCode = REPLY_CODE.exec(message)?.[1];
  if (error instanceof ErrorReply || (replyCode !== undefined && message === message.trimStart())) {
    const code = replyCode ?? 'ERR';
    if (CONFIGURATION_REPLIES.has(code)) {
      const hint =
        code === 'WRONGTYPE'
          ? 'The key exists with another type: choose a keyPrefix no other application uses.'
          : 'Check the Redis username, password and ACL permissions in the URL or client.';
      return new ConfigurationError(`Redis refused to ${operation} (${code}). ${hint}`);
    }
    return new RedisUnavailableError(`Redis answered ${code} when asked to ${operation}.`, 'network');
  }
  return unavailable(
    operation,
    'network',
    error instanceof Error ? { name: error.name, message: error.message } : undefined,
  );
}

/**
 * Wraps a {@link RedisSource} for the adapters: a URL gets its own lazily connected client (closed by `close()`),
 * a caller's client is used as is. Every command has a deadline, so a dead Redis never makes a caller hang.
 */
export function redisConnection(source: RedisSource, timing: RedisTimingOptions, owner: string): RedisConnection {
  if (typeof source !== 'object' || source === null) {
    throw new ConfigurationError(`${owner} needs { url: "redis://…" } or { client } as its first argument.`);
  }
  const commandTimeoutMs = timeoutOption(timing.commandTimeoutMs, 5_000, owner, 'commandTimeoutMs');
  const connectTimeoutMs = timeoutOption(timing.connectTimeoutMs, 5_000, owner, 'connectTimeoutMs');
  let client: RedisClientLike;
  let describe: string;
  let owned = false;
  let connecting: Promise<unknown> | undefined;

  if (source.client !== undefined) {
    const candidate = source.client as Partial<RedisClientLike> | null;
    if (typeof candidate?.sendCommand !== 'function' || typeof candidate.duplicate !== 'function') {
      throw new ConfigurationError(
        `${owner} option \`client\` must be a node-redis client (createClient() from "redis").`,
      );
    }
    client = source.client;
    describe = 'the Redis server';
  } else {
    const url = source.url;
    let parsed: URL | undefined;
    try {
      parsed = typeof url === 'string' ? new URL(url) : undefined;
    } catch {
      parsed = undefined;
    }
    if (parsed === undefined || !['redis:', 'rediss:'].includes(parsed.protocol)) {
      throw new ConfigurationError(`${owner} option \`url\` must be a redis:// or rediss:// URL.`);
    }
    describe = redactUrl(url);
    const created = createClient({
      url,
      socket: {
        connectTimeout: connectTimeoutMs,
        // Keep reconnecting in the background with a capped delay; callers are bounded by commandTimeoutMs.
        reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 2_000),
      },
    });
    created.on('error', () => undefined);
    client = created as unknown as RedisClientLike;
    owned = true;
  }

  let hub: SubscriberHub | undefined;
  function getHub(): SubscriberHub {
    if (hub !== undefined) return hub;
    if (owned) {
      hub = subscriberHub(client, false);
    } else {
      hub = sharedHubs.get(client) ?? subscriberHub(client, true);
      sharedHubs.set(client, hub);
    }
    return hub;
  }

  async function ensureConnected(): Promise<void> {
    if (!owned) return;
    if (connecting === undefined) {
      connecting = client.connect();
      // A failed first connect may be retried by a later command.
      connecting.catch(() => {
        connecting = undefined;
      });
    }
    await withTimeout(connecting, connectTimeoutMs, () => unavailable(`connect to ${describe}`, 'timeout'));
  }

  async function command(args: readonly string[], operation: string): Promise<unknown> {
    if (!owned && !client.isOpen) {
      throw new ConfigurationError(
        `${owner} got a Redis client that is not connected (or was closed); call \`await client.connect()\` before using it.`,
      );
    }
    try {
      await ensureConnected();
      return await withTimeout(client.sendCommand(args), commandTimeoutMs, () =>
        unavailable(`${operation} on ${describe} within ${commandTimeoutMs} ms`, 'timeout'),
      );
    } catch (error) {
      throw translate(error, `${operation} on ${describe}`);
    }
  }

  return {
    command,
    async script(source, keys, args, operation) {
      const tail = [String(keys.length), ...keys, ...args];
      try {
        return await command(['EVALSHA', source.sha1, ...tail], operation);
      } catch (error) {
        const message = (error as Error).message ?? '';
        if (!message.includes('NOSCRIPT')) throw error;
        return command(['EVAL', source.source, ...tail], operation);
      }
    },
    async listen(channel, listener) {
      await ensureConnected();
      return getHub().listen(channel, listener, commandTimeoutMs, describe);
    },
    async close() {
      if (!owned) return;
      await hub?.close();
      if (connecting !== undefined) {
        await client.close().catch(() => client.destroy());
        connecting = undefined;
      }
    },
  };
}
