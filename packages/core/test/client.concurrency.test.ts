import { describe, expect, it } from 'vitest';
import { inProcessCoordinator, memoryStore } from '../src/index.ts';
import { harness } from './support/simulatorHarness.ts';

// Single flight: Adobe throttles per device at 1 request/s (throttling page) — "polling the token endpoint per API
// call is exactly what trips this".

describe('concurrency', () => {
  it('10,000 concurrent getAccessToken() calls → 1 token request, all resolve to the same token', async () => {
    const h = await harness();
    const client = h.client({ softwareStatement: await h.statement() });
    const tokens = await Promise.all(Array.from({ length: 10_000 }, () => client.getAccessToken()));
    expect(h.counts()).toMatchObject({ register: 1, token: 1 });
    expect(new Set(tokens).size).toBe(1);
    expect(new Set(tokens.map((token) => token.accessToken)).size).toBe(1);
  });

  it('two instances sharing a store and coordinator start concurrently → 1 registration, 1 token request', async () => {
    const h = await harness();
    const store = memoryStore();
    const coordinator = inProcessCoordinator();
    const statement = await h.statement();
    const a = h.client({ softwareStatement: statement, store, coordinator });
    const b = h.client({ softwareStatement: statement, store, coordinator });
    const [ta, tb] = await Promise.all([a.getAccessToken(), b.getAccessToken()]);
    expect(ta.accessToken).toBe(tb.accessToken);
    expect(h.counts()).toMatchObject({ register: 1, token: 1 });
  });

  it('instances sharing a store without a shared lock: compare-and-set makes the loser adopt the winner’s credentials', async () => {
    const h = await harness();
    const store = memoryStore();
    const statement = await h.statement();
    const clients = Array.from({ length: 4 }, () => h.client({ softwareStatement: statement, store }));
    await Promise.all(clients.map((client) => client.getAccessToken()));
    const stored = JSON.parse((await store.get())!.value);
    for (const client of clients) {
      expect(client.actor.getSnapshot().context.clientId).toBe(stored.credentials.clientId);
    }
  });

  it('broadcasts every store write to peers (ids and versions only)', async () => {
    const h = await harness();
    const coordinator = inProcessCoordinator();
    const messages: unknown[] = [];
    coordinator.subscribe((message) => messages.push(message));
    const client = h.client({ softwareStatement: await h.statement(), coordinator });
    await client.getAccessToken();
    const clientId = client.actor.getSnapshot().context.clientId;
    expect(messages).toEqual([
      { type: 'stored', version: 1, clientId },
      { type: 'stored', version: 2, clientId },
    ]);
  });
});
