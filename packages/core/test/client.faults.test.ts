import { describe, expect, it } from 'vitest';
import { memoryStore } from '../src/index.ts';
import { harness } from './support/simulatorHarness.ts';

// dcr-protocol.md §5: "5xx/network → bounded exponential backoff with jitter"; transient failures never cost a
// registration (new credentials invalidate every user profile tied to the old ones — DCR FAQ).

describe('injected faults', () => {
  it('5xx, connection resets and malformed token bodies → converges with exactly one registration', async () => {
    const h = await harness();
    const store = memoryStore();
    const { simulator } = h.sim;
    simulator.injectFault({ kind: 'error', endpoint: 'register', count: 2, status: 503 });
    simulator.injectFault({ kind: 'reset', endpoint: 'register', count: 1 });
    simulator.injectFault({ kind: 'malformed', endpoint: 'token', count: 1 });
    simulator.injectFault({ kind: 'reset', endpoint: 'token', count: 1 });
    simulator.injectFault({ kind: 'error', endpoint: 'token', count: 1, status: 500 });
    const client = h.client({ softwareStatement: await h.statement(), store, random: () => 0.1 });
    const errors: string[] = [];
    client.on('error', ({ code }) => errors.push(code));
    await client.getAccessToken();
    expect(client.state).toBe('tokenValid');
    expect(h.counts()).toMatchObject({ register: 4, token: 4, registrations: 1 });
    expect(new Set(errors)).toEqual(new Set(['server', 'transport', 'contract']));
    expect(JSON.parse((await store.get())!.value).credentials.clientId).toBe(
      client.actor.getSnapshot().context.clientId,
    );
  });

  it('random faults on both endpoints (seeded) still converge with one registration', async () => {
    const h = await harness();
    h.sim.simulator.injectFault({ kind: 'error', endpoint: '*', probability: 0.5, seed: 7, status: 502 });
    const client = h.client({ softwareStatement: await h.statement(), random: () => 0.05 });
    await client.getAccessToken();
    expect(h.counts().registrations).toBe(1);
  });

  it('a malformed 2xx registration body is retried; the orphaned server-side registration is never stored', async () => {
    // The simulator (like a real server) processed the request before the body got mangled: the client cannot know
    // those credentials, so a second registration is unavoidable — but only one credential pair is ever stored.
    const h = await harness();
    const store = memoryStore();
    h.sim.simulator.injectFault({ kind: 'malformed', endpoint: 'register', count: 1 });
    const client = h.client({ softwareStatement: await h.statement(), store, random: () => 0.05 });
    const reauth: unknown[] = [];
    client.on('reauthenticationRequired', (event) => reauth.push(event));
    await client.getAccessToken();
    expect(h.counts()).toMatchObject({ register: 2, registrations: 2, token: 1 });
    expect(reauth).toEqual([]);
  });

  it('a store that throws on write keeps the registered credentials and retries the write, not the registration', async () => {
    const h = await harness();
    const inner = memoryStore();
    let failures = 2;
    const store = {
      get: () => inner.get(),
      delete: () => inner.delete(),
      async set(value: string, options: { expectedVersion: number | null }) {
        if (failures-- > 0) throw new Error('EIO: disk busy');
        return inner.set(value, options);
      },
    };
    const client = h.client({ softwareStatement: await h.statement(), store, random: () => 0.05 });
    const errors: string[] = [];
    client.on('error', ({ code }) => errors.push(code));
    await client.getAccessToken();
    expect(errors).toContain('store');
    expect(h.counts()).toMatchObject({ register: 1, registrations: 1, token: 1 });
    expect(JSON.parse((await inner.get())!.value).token).not.toBeNull();
  });

  it('a configuration error (invalid_redirect_uri) rejects waiters at once with the protocol error, and retries slowly', async () => {
    const h = await harness();
    const client = h.client({ softwareStatement: await h.statement(), redirectUri: 'not a uri' });
    const error = await client.getAccessToken().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'protocol', error: expect.stringMatching(/invalid_(redirect_uri|request)/) });
    const snapshot = client.actor.getSnapshot();
    expect(snapshot.value).toEqual({ registering: 'backoff' });
    expect(snapshot.context.blocked).toBe(true);
    expect(snapshot.context.retryAt! - Date.now()).toBeGreaterThan(55_000);
    await expect(client.getAccessToken()).rejects.toMatchObject({ code: 'protocol' });
    expect(h.counts().register).toBe(1);
  });

  it('getAccessToken rejects with the last typed failure after waitTimeoutMs while the server keeps failing', async () => {
    const h = await harness();
    h.sim.simulator.injectFault({ kind: 'error', endpoint: 'register', count: 1_000, status: 503 });
    const client = h.client({ softwareStatement: await h.statement(), waitTimeoutMs: 300, random: () => 0.01 });
    const started = Date.now();
    const error = await client.getAccessToken().catch((caught: unknown) => caught);
    // waitTimeoutMs ends the wait; the 1 000 failures (with backoff) would take far longer. Generous for a loaded CI.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(error).toMatchObject({ name: 'ServerError', code: 'server', status: 503 });
    expect(client.state).toBe('registering');
  });
});
