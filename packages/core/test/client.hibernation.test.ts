import { describe, expect, it } from 'vitest';
import type { InspectionEvent } from 'xstate';
import { type CredentialStore, createHibernation, type DcrClient, memoryStore } from '../src/index.ts';
import { ManualClock } from '../src/testing/ManualClock.ts';
import { harness, waitForState } from './support/simulatorHarness.ts';

// Hibernation (decision 0016): a client given `hibernation` drops its XState actor once settled in tokenValid and
// idle, answers getAccessToken() from memory, and is woken at refreshAt by the hibernation's one shared timer.

/** Resolves once `predicate` holds (polling real time, bounded generously: nothing here races the wall clock). */
async function until(predicate: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** A memoryStore that counts its reads. */
function countingStore(): CredentialStore & { reads: number } {
  const inner = memoryStore();
  const store = {
    reads: 0,
    get() {
      store.reads += 1;
      return inner.get();
    },
    set: inner.set.bind(inner),
    delete: inner.delete.bind(inner),
  };
  return store;
}

async function sleepingClient(options: { tokenTtlSeconds?: number } = {}) {
  const h = await harness(options);
  const clock = new ManualClock(Date.now());
  const hibernation = createHibernation({ clock });
  const store = countingStore();
  const client = h.client({ softwareStatement: await h.statement(), clock, store, hibernation });
  const first = await client.getAccessToken();
  await until(() => client.hibernating, 'the client to hibernate');
  return { h, clock, hibernation, store, client, first };
}

describe('hibernation', () => {
  it('sleeps once settled in tokenValid: no actor timer, one hibernation timer, state still tokenValid', async () => {
    const { clock, hibernation, client } = await sleepingClient();
    expect(client.hibernating).toBe(true);
    expect(client.state).toBe('tokenValid');
    expect(hibernation.sleeping).toBe(1);
    expect(hibernation.timers).toBe(1);
    // The only timer left on the client's clock is the hibernation's (the actor and its refresh timer are gone).
    expect(clock.pending).toBe(1);
  });

  it('answers getAccessToken() from memory while asleep: 0 requests, 0 store reads, still asleep', async () => {
    const { h, store, client, first } = await sleepingClient();
    const counts = h.counts();
    const reads = store.reads;
    for (let i = 0; i < 5; i++) expect(await client.getAccessToken()).toBe(first);
    expect(h.counts()).toEqual(counts);
    expect(store.reads).toBe(reads);
    expect(client.hibernating).toBe(true);
  });

  it('is woken at refreshAt by the shared timer and refreshes exactly once, without registering; events arrive', async () => {
    const { h, clock, client, first } = await sleepingClient();
    const states: string[] = [];
    client.on('stateChange', ({ state, previous }) => states.push(`${previous}→${state}`));
    const before = h.counts();
    // The hibernation's timer is the only one on the client's clock: it is due at the token's refreshAt.
    const untilRefresh = clock.nextDelay()!;
    expect(untilRefresh).toBeGreaterThan(1_000);
    expect(clock.now() + untilRefresh).toBeLessThan(first.expiresAt);
    clock.advance(untilRefresh - 1);
    expect(client.hibernating).toBe(true); // not yet
    clock.advance(1);
    // The hibernation woke it; its fresh actor moves straight on to expiring (a zero-delay timer).
    expect(client.hibernating).toBe(false);
    clock.advance(0);
    await waitForState(client, (state) => state === 'tokenValid' && client.hibernating);
    const next = await client.getAccessToken();
    expect(next.accessToken).not.toBe(first.accessToken);
    expect(next.expiresAt).toBeGreaterThan(first.expiresAt);
    expect(h.counts()).toEqual({ ...before, token: before.token + 1 });
    expect(h.counts().registrations).toBe(1);
    // The wake itself is not a state change; the refresh is.
    expect(states).toEqual(['tokenValid→expiring', 'expiring→tokenValid']);
  });

  it('FAQ: 10 sleep/wake refresh cycles keep registrations at 1 and the token valid', async () => {
    const { h, clock, client } = await sleepingClient();
    let token = await client.getAccessToken();
    for (let cycle = 1; cycle <= 10; cycle++) {
      clock.advance(clock.nextDelay() ?? 0);
      clock.advance(0);
      await until(() => client.hibernating && client.state === 'tokenValid', `cycle ${cycle}`);
      const next = await client.getAccessToken();
      expect(next.expiresAt).toBeGreaterThan(token.expiresAt);
      expect(token.expiresAt).toBeGreaterThan(clock.now()); // the old one was still valid when replaced
      token = next;
    }
    expect(h.counts()).toMatchObject({ register: 1, registrations: 1, token: 11 });
  });

  it('still detects lost credentials after a wake: re-registers once and says reauthenticationRequired', async () => {
    const { h, clock, client } = await sleepingClient();
    const lost: string[] = [];
    client.on('reauthenticationRequired', ({ previousClientId }) => lost.push(previousClientId ?? ''));
    const clientId = client.actor.getSnapshot().context.clientId!; // reading the actor wakes and pins the client
    expect(client.hibernating).toBe(false);
    h.sim.simulator.deleteClient(clientId);
    clock.advance(client.actor.getSnapshot().context.token!.refreshAt - clock.now());
    await waitForState(client, (state) => state === 'tokenValid');
    expect(lost).toEqual([clientId]);
    expect(h.counts().registrations).toBe(2);
  });

  it('detects lost credentials found on a timer wake, without anyone reading the actor', async () => {
    const { h, clock, store, client } = await sleepingClient();
    const lost: Array<string | null> = [];
    client.on('reauthenticationRequired', ({ previousClientId }) => lost.push(previousClientId));
    expect(h.counts().registrations).toBe(1);
    // Delete the registration behind the sleeping client's back (its id read from the store, not from the client).
    const entry = await store.get();
    const clientId = (JSON.parse(entry!.value) as { credentials: { clientId: string } }).credentials.clientId;
    expect(h.sim.simulator.deleteClient(clientId)).toBe(true);
    clock.advance(clock.nextDelay() ?? 0);
    clock.advance(0);
    await until(() => lost.length === 1 && client.state === 'tokenValid', 'the re-registration');
    expect(lost).toEqual([clientId]);
    expect(h.counts().registrations).toBe(2);
  });

  it('a 401 from client.fetch() on a sleeping client wakes it: one refresh, one retry', async () => {
    const { h, client } = await sleepingClient();
    const before = h.counts();
    // The server's clock passes the token's expiry; the client's does not: the API answers 401 to the old token.
    h.sim.simulator.advanceClock(7 * 3600);
    const response = await client.fetch(`${h.url}/api/v2/test-sp/configuration`);
    expect(response.status).toBe(200);
    expect(h.counts()).toMatchObject({ token: before.token + 1, registrations: 1 });
    await until(() => client.hibernating, 'the client to sleep again');
  });

  it('stop() clears everything: no timer left, nobody asleep, later calls reject', async () => {
    const { clock, hibernation, client } = await sleepingClient();
    client.stop();
    expect(hibernation.sleeping).toBe(0);
    expect(hibernation.timers).toBe(0);
    expect(clock.pending).toBe(0);
    expect(client.hibernating).toBe(false);
    await expect(client.getAccessToken()).rejects.toMatchObject({ code: 'stopped' });
    // Read after the stop, the actor is a stopped placeholder and the state stays the last one.
    expect(client.actor.getSnapshot().status).toBe('stopped');
    expect(client.state).toBe('tokenValid');
    expect(clock.pending).toBe(0);
  });

  it('shows a wake to inspection as a fresh actor start, and nothing while asleep', async () => {
    const h = await harness();
    const clock = new ManualClock(Date.now());
    const hibernation = createHibernation({ clock });
    const events: InspectionEvent[] = [];
    const client: DcrClient = h.client({
      softwareStatement: await h.statement(),
      clock,
      hibernation,
      inspect: (event) => events.push(event),
    });
    await client.getAccessToken();
    await until(() => client.hibernating, 'the client to hibernate');
    const roots = () =>
      events.filter((event) => event.type === '@xstate.actor' && event.actorRef.sessionId === event.rootId).length;
    const firstRoots = roots();
    expect(firstRoots).toBeGreaterThanOrEqual(1);
    const count = events.length;
    await client.getAccessToken();
    expect(events.length).toBe(count); // asleep: answered from memory, nothing to inspect
    clock.advance(clock.nextDelay() ?? 0);
    expect(roots()).toBe(firstRoots + 1); // the wake: a new root actor, with a new session id
    const woken = events.filter((event) => event.type === '@xstate.actor').at(-1)!;
    expect(woken.rootId).not.toBe(events.find((event) => event.type === '@xstate.actor')!.rootId);
  });

  it('reading client.actor wakes the client and keeps it awake, so observers keep a live actor', async () => {
    const { clock, client } = await sleepingClient();
    const actor = client.actor;
    expect(client.hibernating).toBe(false);
    expect(actor.getSnapshot().value).toBe('tokenValid');
    await client.getAccessToken();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(client.hibernating).toBe(false);
    expect(client.actor).toBe(actor);
    expect(clock.pending).toBe(1); // the actor's own refresh timer; the hibernation's went with the last sleeper
  });
});
