import type { CredentialStore, StoredEntry, StoreSetOptions, StoreSetResult } from '@dcrflow/core';
import { ConfigurationError } from '@dcrflow/protocol';
import type { RedisSource } from './RedisClientLike.ts';
import { luaScript, type RedisTimingOptions, redisConnection } from './redisConnection.ts';

/**
 * Options of {@link redisStore}.
 *
 * @example
 * ```ts
 * const options: RedisStoreOptions = { keyPrefix: 'my-app:dcrflow:' };
 * ```
 */
export interface RedisStoreOptions extends RedisTimingOptions {
  /** Namespace of every key, e.g. `'my-app:dcrflow:'` (per device in a pool: `'my-app:dcrflow:<deviceKey>:'`). */
  keyPrefix: string;
  /** Name of the hash under the prefix. Default `'credentials'`. */
  key?: string;
}

/**
 * A {@link CredentialStore} in Redis that also owns its connection when created from a URL.
 *
 * @example
 * ```ts
 * const store: RedisStore = redisStore({ url: 'redis://127.0.0.1:6379' }, { keyPrefix: 'app:' });
 * await store.close();
 * ```
 */
export interface RedisStore extends CredentialStore {
  /** The Redis key of the hash `{ value, version }`. */
  readonly key: string;
  /** Closes the connection this store created from `{ url }`; a client you passed stays open. */
  close(): Promise<void>;
}

/**
 * Compare-and-set in one atomic script: the version is compared and bumped inside Redis, so any number of processes
 * on any number of servers can race and exactly one wins. `delete` keeps the `version` field (only `value` goes), so
 * versions keep increasing and a writer holding a pre-delete version can never win.
 */
const SET_SCRIPT = luaScript(`
local current = redis.call('HMGET', KEYS[1], 'value', 'version')
local raw = current[2]
if raw and (not string.find(raw, '^%d+$') or #raw > 16 or tonumber(raw) >= 9007199254740991) then
  return {-1, raw}
end
local version = tonumber(raw) or 0
if current[1] then
  if tonumber(ARGV[2]) ~= version then return {0, current[1], version} end
elseif ARGV[2] ~= '' then
  return {0}
end
version = version + 1
redis.call('HSET', KEYS[1], 'value', ARGV[1], 'version', string.format('%d', version))
return {1, version}
`);

/**
 * A stored version must be what this store writes: decimal digits of a safe integer. Anything else ("1.5", "1e300",
 * "-3") was written by hand or by another tool; accepting it in `get()` while `set()` rejects it made a client retry
 * forever. The script above refuses the same set (plus 2^53 − 1, which cannot be bumped), replying `-1`.
 */
function invalidVersion(key: string, raw: unknown): ConfigurationError {
  return new ConfigurationError(
    `redisStore found version ${JSON.stringify(toText(raw)).slice(0, 40)} in the Redis hash ${key}, which dcrflow ` +
      `never writes (versions are integers from 1 to ${Number.MAX_SAFE_INTEGER - 1}). Delete the key (the client ` +
      'registers again) or restore its version.',
  );
}

function toVersion(key: string, raw: unknown): number {
  if (raw === null || raw === undefined) return 0;
  const text = toText(raw);
  const version = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(version)) throw invalidVersion(key, raw);
  return version;
}

function toNumber(value: unknown): number {
  const number = typeof value === 'number' ? value : Number(String(value));
  return Number.isFinite(number) ? number : 0;
}

function toText(value: unknown): string {
  return Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
}

/**
 * A {@link CredentialStore} over one Redis hash `{ value, version }`: many processes on many servers share one
 * registration. Pair it with {@link redisCoordinator} (same `keyPrefix`) so they also share one refresh.
 *
 * - `set` is a compare-and-set Lua script (atomic in Redis; no WATCH round trips);
 * - `delete` removes the value but keeps the version counter;
 * - every command has a deadline (`commandTimeoutMs`), a dead Redis gives `RedisUnavailableError`, never a hang;
 *   authentication / ACL problems give a `ConfigurationError`.
 *
 * With `{ url }` the store creates and connects its own client (call `close()`); with `{ client }` it uses yours.
 *
 * @example
 * ```ts
 * import { createClient } from 'redis';
 * import { createDcrClient } from '@dcrflow/core';
 * import { redisCoordinator, redisStore } from '@dcrflow/node';
 *
 * const redis = await createClient({ url: process.env.REDIS_URL }).connect();
 * const client = createDcrClient({
 *   baseUrl: 'https://sp.auth.adobe.com',
 *   softwareStatement: process.env.SOFTWARE_STATEMENT!,
 *   store: redisStore({ client: redis }, { keyPrefix: 'my-app:dcrflow:' }),
 *   coordinator: redisCoordinator({ client: redis }, { keyPrefix: 'my-app:dcrflow:' }),
 * });
 * ```
 */
export function redisStore(source: RedisSource, options: RedisStoreOptions): RedisStore {
  if (typeof options !== 'object' || options === null || typeof options.keyPrefix !== 'string') {
    throw new ConfigurationError(
      'redisStore needs options with a `keyPrefix` string, such as { keyPrefix: "my-app:dcrflow:" }.',
    );
  }
  const name = options.key ?? 'credentials';
  if (typeof name !== 'string' || name === '') {
    throw new ConfigurationError('redisStore option `key` must be a non-empty string.');
  }
  const key = `${options.keyPrefix}${name}`;
  const connection = redisConnection(source, options, 'redisStore');

  return {
    key,
    async get(): Promise<StoredEntry | null> {
      const reply = (await connection.command(['HMGET', key, 'value', 'version'], `read ${key}`)) as unknown[];
      const [value, version] = reply;
      if (value === null || value === undefined) return null;
      return { value: toText(value), version: toVersion(key, version) };
    },

    async set(value: string, setOptions: StoreSetOptions): Promise<StoreSetResult> {
      if (typeof value !== 'string') throw new TypeError('redisStore.set expects a string value.');
      const expected = setOptions?.expectedVersion;
      if (expected !== null && !Number.isSafeInteger(expected)) {
        throw new TypeError('redisStore.set expects options.expectedVersion to be a version number or null.');
      }
      const reply = (await connection.script(
        SET_SCRIPT,
        [key],
        [value, expected === null ? '' : String(expected)],
        `write ${key}`,
      )) as unknown[];
      if (toNumber(reply[0]) === -1) throw invalidVersion(key, reply[1]);
      if (toNumber(reply[0]) === 1) return { ok: true, version: toNumber(reply[1]) };
      const current = reply.length >= 3 ? { value: toText(reply[1]), version: toNumber(reply[2]) } : null;
      return { ok: false, current };
    },

    async delete(): Promise<void> {
      await connection.command(['HDEL', key, 'value'], `delete ${key}`);
    },

    close: () => connection.close(),
  };
}
