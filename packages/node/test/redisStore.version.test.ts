// Issue 13, item 4 (Redis): a version field that is not a safe integer ("1.5", "1e300", hand-edited or written by
// another tool) used to be accepted by get() and rejected by set(), so a client retried forever. Real redis-server.
import { randomUUID } from 'node:crypto';
import { ConfigurationError } from '@dcrflow/protocol';
import { createClient } from 'redis';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { type RedisStore, redisStore } from '../src/index.ts';

interface Admin {
  hSet(key: string, fields: Record<string, string>): Promise<unknown>;
  hGet(key: string, field: string): Promise<string | null>;
  destroy(): void;
}
let admin: Admin;
let store: RedisStore;
beforeAll(async () => {
  admin = (await createClient({ url: inject('redisUrl') }).connect()) as unknown as Admin;
  store = redisStore({ url: inject('redisUrl') }, { keyPrefix: `version:${randomUUID()}:` });
});
afterAll(async () => {
  await store.close();
  admin.destroy();
});

it.each(['1.5', '1e300', '-3', 'abc', '9007199254740992'])(
  'rejects a stored version %s with a ConfigurationError naming the key, in get() and in set()',
  async (version) => {
    await admin.hSet(store.key, { value: 'credentials', version });
    const read = await store.get().catch((error: unknown) => error);
    expect(read).toBeInstanceOf(ConfigurationError);
    expect((read as Error).message).toContain(store.key);
    const written = await store.set('next', { expectedVersion: 1 }).catch((error: unknown) => error);
    expect(written).toBeInstanceOf(ConfigurationError);
    // Nothing was overwritten.
    expect(await admin.hGet(store.key, 'value')).toBe('credentials');
  },
);

it('refuses to bump version 2^53 − 1 instead of writing a version that no longer reads back', async () => {
  await admin.hSet(store.key, { value: 'credentials', version: String(Number.MAX_SAFE_INTEGER) });
  expect(await store.get()).toEqual({ value: 'credentials', version: Number.MAX_SAFE_INTEGER });
  const written = await store
    .set('next', { expectedVersion: Number.MAX_SAFE_INTEGER })
    .catch((error: unknown) => error);
  expect(written).toBeInstanceOf(ConfigurationError);
});

it('writes large versions exactly (no Lua "%.14g" rounding) so they read back', async () => {
  await admin.hSet(store.key, { value: 'credentials', version: '123456789012345' });
  expect(await store.set('next', { expectedVersion: 123456789012345 })).toEqual({ ok: true, version: 123456789012346 });
  expect(await admin.hGet(store.key, 'version')).toBe('123456789012346');
  expect(await store.get()).toEqual({ value: 'next', version: 123456789012346 });
});
