import { type CredentialStore, createDcrClient, createHibernation, memoryStore } from '@dcrflow/core';
import { ManualClock } from '@dcrflow/core/testing';
import { ConfigurationError } from '@dcrflow/protocol';
import { startSimulator } from '@dcrflow/simulator/node';
import { afterEach, describe, expect, it } from 'vitest';
import { createClientPool } from '../src/index.ts';

// A pool's idle clients hibernate (decision 0016): settled in tokenValid they drop their XState actor and wait in
// the pool's one hibernation queue, woken at refreshAt by a single timer. The clients' clock is a ManualClock, so
// "no timer per sleeping client" is counted exactly and no test races the wall clock.

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Resolves once `predicate` holds (polling real time, bounded generously). */
async function until(predicate: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

async function setup() {
  const { url, simulator, close } = await startSimulator({ port: 0, throttle: false });
  cleanups.push(close);
  const { software_statement: softwareStatement } = await simulator.mintSoftwareStatement();
  const clock = new ManualClock(Date.now());
  const stores = new Map<string, CredentialStore>();
  const storeOf = (deviceKey: string) => {
    let store = stores.get(deviceKey);
    if (store === undefined) {
      store = memoryStore();
      stores.set(deviceKey, store);
    }
    return store;
  };
  const pool = createClientPool({
    baseUrl: url,
    softwareStatement,
    clock,
    store: storeOf,
    maxActiveClients: 10_000,
  });
  cleanups.push(() => pool.close());
  const counts = () => {
    const stats = simulator.stats();
    return { register: stats.requests.register, token: stats.requests.token, registrations: stats.registrations.total };
  };
  return { url, simulator, softwareStatement, clock, pool, storeOf, counts };
}

describe('client pool hibernation', () => {
  it('1,000 idle devices sleep on one timer and answer from memory with 0 requests; close() leaves no timer', async () => {
    const { url, softwareStatement, clock, pool, storeOf, counts } = await setup();
    // One real registration, copied into every device's store: each device warm-starts from it (no request).
    const probe = memoryStore();
    const probeClient = createDcrClient({ baseUrl: url, softwareStatement, store: probe, clock });
    await probeClient.getAccessToken();
    probeClient.stop();
    const record = (await probe.get())!.value;
    const keys = Array.from({ length: 1_000 }, (_, i) => `device-${i}`);
    for (const key of keys) await storeOf(key).set(record, { expectedVersion: null });
    const before = counts();

    await Promise.all(keys.map((key) => pool.getAccessToken(key)));
    await until(() => pool.hibernating === 1_000, '1,000 sleeping clients');
    expect(pool.size).toBe(1_000);
    // One timer on the clients' clock for the whole pool: the hibernation's.
    expect(clock.pending).toBe(1);

    const tokens = await Promise.all(keys.map((key) => pool.getAccessToken(key)));
    expect(new Set(tokens.map((token) => token.accessToken)).size).toBe(1);
    expect(counts()).toEqual(before);
    expect(pool.hibernating).toBe(1_000);

    await pool.close();
    expect(pool.hibernating).toBe(0);
    expect(clock.pending).toBe(0);
  });

  it('wakes each device at refreshAt: one refresh each, no registration, forwarded events after the wake', async () => {
    const { simulator, clock, pool, counts } = await setup();
    const keys = ['stb-1', 'stb-2', 'stb-3'];
    const first = await Promise.all(keys.map((key) => pool.getAccessToken(key)));
    await until(() => pool.hibernating === 3, 'three sleeping clients');
    expect(counts()).toMatchObject({ registrations: 3, token: 3 });
    const lost: Array<[string | null, string]> = [];
    pool.on('reauthenticationRequired', ({ previousClientId }, deviceKey) => lost.push([previousClientId, deviceKey]));

    const clientIds = Object.keys(simulator.stats().tokens.byClientId);
    expect(clientIds).toHaveLength(3);

    clock.advance(clock.nextDelay()!); // refreshAt: the pool's one timer wakes all three
    clock.advance(0);
    await until(() => pool.hibernating === 3 && counts().token === 6, 'three refreshes and sleep again');
    expect(counts()).toMatchObject({ registrations: 3, register: 3, token: 6 });
    const second = await Promise.all(keys.map((key) => pool.getAccessToken(key)));
    for (const [i, token] of second.entries()) {
      expect(token.accessToken).not.toBe(first[i]!.accessToken);
      expect(first[i]!.expiresAt).toBeGreaterThan(clock.now()); // refreshed before expiry
    }
    expect(clock.pending).toBe(1);

    // The next cycle with every registration deleted behind the sleepers' backs: each wake-up refresh finds the loss
    // (invalid_client), registers again, and the pool forwards reauthenticationRequired with the device key.
    for (const id of clientIds) expect(simulator.deleteClient(id)).toBe(true);
    clock.advance(clock.nextDelay()!);
    clock.advance(0);
    await until(() => lost.length === 3 && pool.hibernating === 3, 'three re-registrations');
    expect(lost.map(([, deviceKey]) => deviceKey).sort()).toEqual(keys);
    expect(lost.map(([previous]) => previous).sort()).toEqual([...clientIds].sort());
    expect(counts().registrations).toBe(6);
  });

  it('refuses a hibernation of its own: the pool owns the one wake timer', () => {
    expect(() =>
      createClientPool({
        baseUrl: 'http://127.0.0.1:9',
        softwareStatement: 'statement',
        store: () => memoryStore(),
        ...({ hibernation: createHibernation() } as object),
      }),
    ).toThrow(ConfigurationError);
  });
});
