import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StoppedError } from '@dcrflow/core';
import { ConfigurationError, decodeDeviceInfo } from '@dcrflow/protocol';
import { startSimulator } from '@dcrflow/simulator/node';
import { createClient } from 'redis';
import { afterEach, describe, expect, inject, it } from 'vitest';
import {
  type ClientPool,
  createClientPool,
  type DeviceDescriptor,
  type RedisClientLike,
  redisCoordinator,
  redisStore,
} from '../src/index.ts';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** What the pool's clients sent to the DCR endpoints (headers only; bodies hold secrets). */
interface SentRequest {
  path: string;
  forwardedFor: string | null;
  deviceInfo: string | null;
}

async function setup(
  poolOptions: { maxActiveClients?: number; idleTimeoutMs?: number; fetchOrigins?: readonly string[] } = {},
) {
  const sent: SentRequest[] = [];
  const recordingFetch: typeof fetch = (input, init) => {
    const request = new Request(input, init);
    sent.push({
      path: new URL(request.url).pathname,
      forwardedFor: request.headers.get('x-forwarded-for'),
      deviceInfo: request.headers.get('x-device-info'),
    });
    return fetch(request);
  };
  // Throttling stays ON: Adobe (and the simulator) throttle per X-Forwarded-For, so devices must not share a bucket.
  const { url, simulator, close } = await startSimulator();
  cleanups.push(close);
  const redis = (await createClient({ url: inject('redisUrl') }).connect()) as unknown as RedisClientLike;
  cleanups.push(() => redis.close());
  const { software_statement: softwareStatement } = await simulator.mintSoftwareStatement();
  const run = randomUUID();
  const prefix = (deviceKey: string) => `pool:${run}:${deviceKey}:`;
  const coordinators: Array<{ close(): Promise<void> }> = [];
  const pool = createClientPool({
    baseUrl: url,
    softwareStatement,
    fetch: recordingFetch,
    store: (deviceKey) => redisStore({ client: redis }, { keyPrefix: prefix(deviceKey) }),
    coordinator: (deviceKey) => {
      const coordinator = redisCoordinator({ client: redis }, { keyPrefix: prefix(deviceKey) });
      coordinators.push(coordinator);
      return coordinator;
    },
    ...poolOptions,
  });
  cleanups.push(async () => {
    await pool.close();
    await Promise.all(coordinators.map((coordinator) => coordinator.close()));
  });
  return { url, simulator, pool, redis, prefix, sent };
}

const devices: DeviceDescriptor[] = Array.from({ length: 8 }, (_, index) => ({
  key: `stb-${index}`,
  forwardedFor: `198.51.100.${index + 1}`,
  deviceInfo: {
    primaryHardwareType: 'SetTopBox',
    model: 'X1',
    version: '2',
    osName: 'Linux',
    osVersion: '5.10',
    connectionType: 'Ethernet',
  },
}));

async function tokensOf(pool: ClientPool, list: readonly DeviceDescriptor[]) {
  return Promise.all(list.map(async (device) => (await pool.getAccessToken(device)).accessToken));
}

describe('createClientPool', () => {
  it('registers each device once with its own X-Forwarded-For, and re-creates evicted clients with 0 requests', {
    timeout: 30_000,
  }, async () => {
    const { simulator, pool, sent } = await setup({ maxActiveClients: 3 });
    const first = await tokensOf(pool, devices);

    const stats = simulator.stats();
    expect(stats.registrations.total).toBe(8);
    expect(stats.tokens.total).toBe(8);
    expect(stats.throttled).toBe(0);
    expect(new Set(first).size).toBe(8);
    // The simulator saw every device's own IP on its registration and its token request.
    const log = simulator.requests();
    for (const device of devices) {
      const mine = log.filter((entry) => entry.device === device.forwardedFor);
      expect(mine.map((entry) => entry.endpoint).sort()).toEqual(['register', 'token']);
    }
    expect(new Set(Object.keys(stats.tokens.byClientId)).size).toBe(8);
    // Each device's own X-Device-Info went with its X-Forwarded-For on both DCR requests.
    for (const device of devices) {
      const mine = sent.filter((request) => request.forwardedFor === device.forwardedFor);
      expect(mine.map((request) => request.path).sort()).toEqual(['/o/client/register', '/o/client/token']);
      for (const request of mine) expect(decodeDeviceInfo(request.deviceInfo!)).toEqual(device.deviceInfo);
    }

    // Bounded memory: only the 3 most recently used clients are alive.
    expect(pool.size).toBe(3);
    const again = await tokensOf(pool, devices);
    expect(again).toEqual(first);
    expect(simulator.stats().requests.register + simulator.stats().requests.token).toBe(16);
    console.log(
      `pool: 8 devices ⇒ registrations=${simulator.stats().registrations.total}, ` +
        `after eviction and re-creation: extra requests=${simulator.stats().requests.total - stats.requests.total}`,
    );
    expect(simulator.stats().requests.total).toBe(stats.requests.total);
  });

  it('stops idle clients after idleTimeoutMs; coming back is a warm start', { timeout: 30_000 }, async () => {
    const { simulator, pool } = await setup({ idleTimeoutMs: 100 });
    const first = await tokensOf(pool, devices.slice(0, 2));
    expect(pool.size).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(pool.size).toBe(0);
    const requests = simulator.stats().requests.total;
    expect(await tokensOf(pool, devices.slice(0, 2))).toEqual(first);
    expect(simulator.stats().requests.total).toBe(requests);
  });

  it('forwards the device headers on pool.fetch to the DCR host only', async () => {
    // Another origin, allowed to receive the token (fetchOrigins), must still never learn the device's IP.
    const seen: Array<string | undefined> = [];
    const other = createServer((request, reply) => {
      seen.push(request.headers['x-forwarded-for'] as string | undefined);
      reply.end('ok');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => other.close(resolve)));
    const { port } = other.address() as AddressInfo;
    const { url, simulator, pool } = await setup({ fetchOrigins: [`http://127.0.0.1:${port}`] });
    const device = devices[0]!;
    const response = await pool.fetch(device, `${url}/api/v2/my-sp/configuration`);
    expect(response.status).toBe(200);
    const api = simulator.requests().filter((entry) => entry.endpoint === 'api');
    expect(api).toHaveLength(1);
    expect(api[0]!.device).toBe(device.forwardedFor);
    expect(api[0]!.status).toBe(200);

    // The device moved to another IP: its client is replaced from the store (no request), the new IP is used.
    const before = simulator.stats().requests.register + simulator.stats().requests.token;
    const moved = { ...device, forwardedFor: '203.0.113.99' };
    expect((await pool.fetch(moved, `${url}/api/v2/my-sp/configuration`)).status).toBe(200);
    expect(simulator.stats().requests.register + simulator.stats().requests.token).toBe(before);
    expect(simulator.requests().at(-1)!.device).toBe('203.0.113.99');

    // Another origin never learns the device's IP from the pool.
    expect((await pool.fetch(moved, `http://127.0.0.1:${port}/elsewhere`)).status).toBe(200);
    expect(seen).toEqual([undefined]);
    // An origin that is not listed gets nothing at all: not the token, not the device's IP (decision 0010).
    await expect(pool.fetch(moved, 'https://elsewhere.example/x')).rejects.toBeInstanceOf(ConfigurationError);
  });

  it('reports a device whose stored credentials are lost, with its key', { timeout: 30_000 }, async () => {
    const { simulator, pool, redis, prefix } = await setup();
    const device = devices[3]!;
    await pool.getAccessToken(device);
    const events: Array<{ deviceKey: string; clientId: string; previousClientId: string | null }> = [];
    pool.on('reauthenticationRequired', (event, deviceKey) => events.push({ deviceKey, ...event }));
    // Damage the device's stored record, then let the pool come back to it cold.
    await redis.sendCommand(['HSET', `${prefix(device.key)}credentials`, 'value', 'not json']);
    pool.evict(device.key);
    await pool.getAccessToken(device);
    expect(events).toHaveLength(1);
    expect(events[0]!.deviceKey).toBe(device.key);
    expect(simulator.stats().registrations.total).toBe(2);
  });

  it('rejects bad options at creation and calls after close()', async () => {
    const { pool, url } = await setup();
    expect(() => createClientPool({ baseUrl: url, softwareStatement: 'x' } as never)).toThrow(
      'createClientPool option `store` must be a function (deviceKey) => CredentialStore',
    );
    expect(() =>
      createClientPool({ baseUrl: 'not a url', softwareStatement: 'x', store: () => ({}) as never }),
    ).toThrow(ConfigurationError);
    expect(() =>
      createClientPool({ baseUrl: url, softwareStatement: 'x', store: () => ({}) as never, maxActiveClients: 0 }),
    ).toThrow('createClientPool option `maxActiveClients` must be a positive integer.');
    await expect(pool.getAccessToken('')).rejects.toThrow('A device key must be a non-empty string.');
    await pool.close();
    const error = await pool.getAccessToken('late').catch((caught: unknown) => caught);
    expect(StoppedError.is(error)).toBe(true);
  });
});
