import { describe, expect, it } from 'vitest';
import { inProcessCoordinator, memoryStore } from '../src/index.ts';
import { ManualClock } from '../src/testing/ManualClock.ts';
import { harness, waitForState } from './support/simulatorHarness.ts';

// DCR FAQ: "Refreshing = calling the token endpoint again with the stored credentials. Never re-register to
// refresh"; access tokens are "renewed before they expire" (dcr-protocol.md §1).

describe('refresh', () => {
  it('FAQ: 25 refresh cycles keep registrations at 1, token requests = cycles, and the token in use never expires', async () => {
    const h = await harness();
    const clock = new ManualClock(Date.now());
    const client = h.client({ softwareStatement: await h.statement(), clock });
    let token = await client.getAccessToken();
    const states: string[] = [];
    client.on('stateChange', ({ state }) => states.push(state));
    const cycles = 25;
    for (let cycle = 1; cycle <= cycles; cycle++) {
      const { refreshAt, expiresAt } = client.actor.getSnapshot().context.token!;
      expect(refreshAt).toBeLessThan(expiresAt);
      clock.advance(refreshAt - clock.now() - 1);
      expect(client.state).toBe('tokenValid');
      expect(h.counts().token).toBe(cycle);

      clock.advance(1); // the refresh lead begins: proactive refresh while the token is still valid
      expect(client.state).toBe('expiring');
      const during = await client.getAccessToken();
      expect(during).toBe(token);
      expect(during.expiresAt).toBeGreaterThan(clock.now());

      await waitForState(client, (state) => state === 'tokenValid');
      const next = await client.getAccessToken();
      expect(next.accessToken).not.toBe(token.accessToken);
      expect(next.expiresAt).toBeGreaterThan(token.expiresAt);
      token = next;
    }
    expect(h.counts()).toMatchObject({ register: 1, registrations: 1, token: cycles + 1 });
    expect(states.filter((state) => state === 'expiring')).toHaveLength(cycles);
    expect(states).not.toContain('registering');
    expect(states).not.toContain('credentialsLost');
  });

  it('refreshes on its own with a 2 s token TTL; getAccessToken always answers at once with an unexpired token', async () => {
    // Once a real-time test (4.5 s of wall clock, 25 ms polls) that failed on a loaded machine: the 400 ms refresh
    // lead raced the scheduler. The ManualClock walks the same 4.5 s in the same 25 ms steps, and each refresh is
    // given the time it needs to land before the clock moves on, so the count below is exact.
    const h = await harness({ tokenTtlSeconds: 2 });
    const clock = new ManualClock(Date.now());
    const client = h.client({ softwareStatement: await h.statement(), clock });
    await client.getAccessToken();
    const states = new Set<string>();
    client.on('stateChange', ({ state }) => states.add(state));
    const ends = clock.now() + 4_500;
    while (clock.now() < ends) {
      clock.advance(25);
      // Asked while a refresh is under way, the answer is the still-valid token, at once.
      const token = await client.getAccessToken();
      expect(token.expiresAt).toBeGreaterThan(clock.now());
      if (client.state === 'expiring') await waitForState(client, (state) => state === 'tokenValid');
    }
    const { token, registrations } = h.counts();
    // 2 s lifetime, lead 20 % = 400 ms → a refresh at 1.6 s and at 3.2 s: the first token and two refreshes.
    expect(token).toBe(3);
    expect(registrations).toBe(1);
    // Proactive: the client only ever moved between tokenValid and expiring — never back to `registered`, where a
    // caller would have had to wait for a token.
    expect([...states].sort()).toEqual(['expiring', 'tokenValid']);
  });

  it('refreshLeadSeconds moves the refresh earlier', async () => {
    const h = await harness();
    const clock = new ManualClock(Date.now());
    const client = h.client({ softwareStatement: await h.statement(), clock, refreshLeadSeconds: 3600 });
    await client.getAccessToken();
    const { refreshAt, expiresAt } = client.actor.getSnapshot().context.token!;
    expect(expiresAt - refreshAt).toBe(3_600_000);
  });

  it('transient refresh failures back off while the still-valid token keeps being served; no re-registration', async () => {
    const h = await harness();
    const clock = new ManualClock(Date.now());
    const client = h.client({ softwareStatement: await h.statement(), clock, random: () => 0.5 });
    const token = await client.getAccessToken();
    h.sim.simulator.injectFault({ kind: 'error', endpoint: 'token', count: 3, status: 503 });
    const { refreshAt } = client.actor.getSnapshot().context.token!;
    clock.advance(refreshAt - clock.now());
    for (let failures = 1; failures <= 3; failures++) {
      await waitForState(client, () => client.actor.getSnapshot().matches({ expiring: 'backoff' }));
      expect(client.actor.getSnapshot().context.attempt).toBe(failures);
      expect(await client.getAccessToken()).toBe(token);
      clock.advance(client.actor.getSnapshot().context.retryAt! - clock.now());
    }
    await waitForState(client, (state) => state === 'tokenValid');
    expect(h.counts()).toMatchObject({ registrations: 1, token: 5 });
  });

  it('two instances sharing a store: the second adopts the token the first refreshed, with zero requests', async () => {
    const h = await harness();
    const store = memoryStore();
    const statement = await h.statement();
    const clock = new ManualClock(Date.now());
    const coordinator = inProcessCoordinator();
    const a = h.client({ softwareStatement: statement, store, clock, coordinator });
    const b = h.client({ softwareStatement: statement, store, clock, coordinator });
    await a.getAccessToken();
    await b.getAccessToken();
    expect(h.counts()).toMatchObject({ register: 1, token: 1 });

    const { refreshAt } = a.actor.getSnapshot().context.token!;
    clock.advance(refreshAt - clock.now());
    await waitForState(a, (state) => state === 'tokenValid');
    await waitForState(b, (state) => state === 'tokenValid');
    expect(h.counts()).toMatchObject({ register: 1, token: 2 });
    expect((await a.getAccessToken()).accessToken).toBe((await b.getAccessToken()).accessToken);
  });
});
