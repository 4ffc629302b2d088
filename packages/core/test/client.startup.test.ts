import { describe, expect, it } from 'vitest';
import { memoryStore } from '../src/index.ts';
import { harness, offsetClock } from './support/simulatorHarness.ts';

// DCR FAQ: "Registration is mandatory, but is skipped when valid cached credentials and token exist";
// "Refreshing = calling the token endpoint again with the stored credentials".

describe('startup', () => {
  it('FAQ: cold start makes exactly 1 registration and 1 token request', async () => {
    const h = await harness();
    const client = h.client({ softwareStatement: await h.statement() });
    const token = await client.getAccessToken();
    expect(token.tokenType.toLowerCase()).toBe('bearer');
    expect(token.expiresAt).toBeGreaterThan(Date.now());
    expect(client.state).toBe('tokenValid');
    expect(h.counts()).toMatchObject({ register: 1, token: 1 });
  });

  it('FAQ: warm start from a store with valid credentials and token makes 0 requests', async () => {
    const h = await harness();
    const store = memoryStore();
    const statement = await h.statement();
    const first = h.client({ softwareStatement: statement, store });
    const token = await first.getAccessToken();
    first.stop();
    const before = h.counts();

    const second = h.client({ softwareStatement: statement, store });
    const again = await second.getAccessToken();
    expect(again.accessToken).toBe(token.accessToken);
    expect(h.counts()).toEqual(before);
    expect(second.state).toBe('tokenValid');
  });

  it('FAQ: credentials with an expired token make 1 token request and 0 registrations', async () => {
    const h = await harness();
    const store = memoryStore();
    const statement = await h.statement();
    const first = h.client({ softwareStatement: statement, store });
    const { expiresAt } = await first.getAccessToken();
    first.stop();

    // The device comes back after the token expired (the client measures expiry on its own clock).
    const later = offsetClock(() => expiresAt - Date.now() + 60_000);
    const second = h.client({ softwareStatement: statement, store, clock: later });
    const fresh = await second.getAccessToken();
    expect(fresh.expiresAt).toBeGreaterThan(later.now());
    expect(h.counts()).toMatchObject({ register: 1, token: 2 });
  });

  it('a token request that fails with a 5xx never discards the stored credentials', async () => {
    const h = await harness();
    const store = memoryStore();
    const statement = await h.statement();
    const first = h.client({ softwareStatement: statement, store });
    const { expiresAt } = await first.getAccessToken();
    first.stop();
    h.sim.simulator.injectFault({ kind: 'error', endpoint: 'token', count: 2, status: 503 });

    const later = offsetClock(() => expiresAt - Date.now() + 60_000);
    const second = h.client({ softwareStatement: statement, store, clock: later, random: () => 0.05 });
    await second.getAccessToken();
    expect(h.counts()).toMatchObject({ register: 1, token: 4, registrations: 1 });
  });
});
