import { describe, expect, it } from 'vitest';
import {
  type Coordinator,
  type DcrClient,
  type DcrClientEventMap,
  type DcrState,
  inProcessCoordinator,
  memoryStore,
  RevokedError,
} from '../src/index.ts';
import { harness, offsetClock } from './support/simulatorHarness.ts';

// Issue 4: "broadcasting new state so other tabs adopt it without a request (no secret crosses the channel — tabs
// re-read the store)". Two clients share one memoryStore and one inProcessCoordinator (two tabs, two workers): when
// one refreshes, re-registers or resets, the other hears the notice through `coordinator.subscribe`, re-reads the
// store and adopts the result at once — no lock, no 401, no timer, and no request of its own.

const API_PATH = '/api/v2/test-sp/configuration';

function record(client: DcrClient) {
  const events = { reauth: [] as DcrClientEventMap['reauthenticationRequired'][], states: [] as DcrState[] };
  client.on('reauthenticationRequired', (event) => events.reauth.push(event));
  client.on('stateChange', ({ state }) => events.states.push(state));
  return events;
}

/** Lets a notice's store re-read (promise-only work) finish. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

async function twoInstances(options: { coordinatorOfB?: (shared: Coordinator) => Coordinator } = {}) {
  const h = await harness();
  const store = memoryStore();
  const coordinator = inProcessCoordinator();
  const statement = await h.statement();
  const a = h.client({ softwareStatement: statement, store, coordinator });
  const b = h.client({
    softwareStatement: statement,
    store,
    coordinator: options.coordinatorOfB?.(coordinator) ?? coordinator,
  });
  const first = await a.getAccessToken();
  expect((await b.getAccessToken()).accessToken).toBe(first.accessToken);
  expect(h.counts()).toMatchObject({ register: 1, token: 1 });
  return { h, store, coordinator, a, b, first, api: `${h.url}${API_PATH}` };
}

describe('peers adopt each other’s store changes at once (coordinator.subscribe)', () => {
  it("A refreshes after a 401 → B's getAccessToken() returns A's new token at once; B made 0 token requests", async () => {
    const { h, a, b, first, api } = await twoInstances();
    const eventsOfB = record(b);

    // The server's clock passes the token's expiry; the clients' clocks do not: only A's 401 triggers a refresh.
    h.sim.simulator.advanceClock(6 * 3600 + 60);
    expect((await a.fetch(api)).status).toBe(200);
    const refreshed = await a.getAccessToken();
    expect(refreshed.accessToken).not.toBe(first.accessToken);
    expect(h.counts()).toMatchObject({ register: 1, token: 2 });

    const ofB = await b.getAccessToken();
    expect(ofB.accessToken).toBe(refreshed.accessToken);
    expect(ofB.expiresAt).toBe(refreshed.expiresAt);
    expect(b.state).toBe('tokenValid');
    // B's next API call works first time: no 401, no refresh, no request of its own.
    expect((await b.fetch(api)).status).toBe(200);
    expect(h.counts()).toMatchObject({ register: 1, token: 2, api: 3 });
    expect(eventsOfB).toEqual({ reauth: [], states: [] });
  });

  it('without subscribe the same peer adopts lazily: its old token until a 401 sends it into the lock (0 requests)', async () => {
    const { h, a, b, first, api } = await twoInstances({
      coordinatorOfB: (shared) => ({
        withLock: (name, task) => shared.withLock(name, task),
        broadcast: (message) => shared.broadcast(message),
      }),
    });
    h.sim.simulator.advanceClock(6 * 3600 + 60);
    expect((await a.fetch(api)).status).toBe(200);
    const refreshed = await a.getAccessToken();
    await settle();
    expect((await b.getAccessToken()).accessToken).toBe(first.accessToken);

    // B's API call is rejected once; inside the lock B re-reads the store and adopts A's token, still 0 requests.
    expect((await b.fetch(api)).status).toBe(200);
    expect((await b.getAccessToken()).accessToken).toBe(refreshed.accessToken);
    expect(h.counts()).toMatchObject({ register: 1, token: 2, api: 4 });
  });

  it('A loses its credentials and re-registers → B adopts them without a failing request or another registration', async () => {
    const { h, a, b, api } = await twoInstances();
    const eventsOfA = record(a);
    const eventsOfB = record(b);
    const lostClientId = a.actor.getSnapshot().context.clientId!;
    expect(h.sim.simulator.deleteClient(lostClientId)).toBe(true);

    // A: 401 → token request with the lost credentials → invalid_client → credentialsLost → register → token.
    expect((await a.fetch(api)).status).toBe(200);
    const newClientId = a.actor.getSnapshot().context.clientId!;
    expect(newClientId).not.toBe(lostClientId);
    expect(eventsOfA.states).toContain('credentialsLost');
    expect(h.counts()).toMatchObject({ registrations: 2, register: 2, token: 3 });

    // B heard the loss marker, the new credentials and the new token: it adopted the token with the credentials.
    expect((await b.getAccessToken()).accessToken).toBe((await a.getAccessToken()).accessToken);
    expect(b.actor.getSnapshot().context.clientId).toBe(newClientId);
    expect(b.state).toBe('tokenValid');
    // Its users' sessions were tied to the lost credentials: told once, like A.
    expect(eventsOfB.reauth).toEqual([{ clientId: newClientId, previousClientId: lostClientId }]);
    expect(eventsOfA.reauth).toEqual([{ clientId: newClientId, previousClientId: lostClientId }]);
    // B never failed a request nor went through the loss path itself: 3 token requests are 1 + A's 2.
    expect(eventsOfB.states).toEqual([]);
    expect((await b.fetch(api)).status).toBe(200);
    expect(h.counts()).toMatchObject({ registrations: 2, register: 2, token: 3 });
    expect(h.sim.simulator.stats().tokens.byClientId).toEqual({ [lostClientId]: 1, [newClientId]: 1 });
  });

  it('A resets → B treats the deleted notice as an empty store: one new registration in all, no reauthenticationRequired', async () => {
    const { h, a, b, first } = await twoInstances();
    const eventsOfA = record(a);
    const eventsOfB = record(b);
    await a.reset();
    const [ofA, ofB] = await Promise.all([a.getAccessToken(), b.getAccessToken()]);
    expect(ofB.accessToken).toBe(ofA.accessToken);
    expect(ofA.accessToken).not.toBe(first.accessToken);
    expect(b.actor.getSnapshot().context.clientId).toBe(a.actor.getSnapshot().context.clientId);
    expect(h.counts()).toMatchObject({ registrations: 2, register: 2, token: 2 });
    // A reset is deliberate, not a loss: neither instance went through credentialsLost or asks for a sign-in.
    expect(eventsOfB.states).toContain('registering');
    for (const events of [eventsOfA, eventsOfB]) {
      expect(events.reauth).toEqual([]);
      expect(events.states).not.toContain('credentialsLost');
    }
  });

  it('B revoked too is rescued when A registers with a new statement: 0 requests of its own, reauthenticationRequired once', async () => {
    const h = await harness();
    const store = memoryStore();
    const coordinator = inProcessCoordinator();
    const minted = await h.sim.simulator.mintSoftwareStatement();
    let offset = 0;
    const clock = offsetClock(() => offset);
    const a = h.client({ softwareStatement: minted.software_statement, store, coordinator, clock });
    const b = h.client({ softwareStatement: minted.software_statement, store, coordinator, clock });
    const { expiresAt } = await a.getAccessToken();
    await b.getAccessToken();
    const revokedClientId = a.actor.getSnapshot().context.clientId!;

    h.sim.simulator.revokeSoftwareStatement(minted.software_id);
    offset = expiresAt - Date.now() + 1_000;
    await expect(a.getAccessToken()).rejects.toBeInstanceOf(RevokedError);
    await expect(b.getAccessToken()).rejects.toBeInstanceOf(RevokedError);
    const revokedCounts = h.counts();
    const eventsOfB = record(b);

    a.setSoftwareStatement((await h.sim.simulator.mintSoftwareStatement()).software_statement);
    const ofA = await a.getAccessToken();
    await settle();
    expect(b.state).toBe('tokenValid');
    expect((await b.getAccessToken()).accessToken).toBe(ofA.accessToken);
    const newClientId = a.actor.getSnapshot().context.clientId!;
    expect(b.actor.getSnapshot().context.clientId).toBe(newClientId);
    expect(eventsOfB.reauth).toEqual([{ clientId: newClientId, previousClientId: revokedClientId }]);
    expect(h.counts()).toMatchObject({ register: revokedCounts.register + 1, token: revokedCounts.token + 1 });
  });
});

describe('which notices a client acts on', () => {
  it("ignores its own notices and ones about a version it already read; re-reads (only) for others'", async () => {
    const h = await harness();
    const base = memoryStore();
    let reads = 0;
    const store = {
      ...base,
      get() {
        reads += 1;
        return base.get();
      },
    };
    const coordinator = inProcessCoordinator();
    const client = h.client({ softwareStatement: await h.statement(), store, coordinator });
    const token = await client.getAccessToken();
    await settle();
    // loading, registering and the token request each read once; the two own notices added nothing.
    expect(reads).toBe(3);

    const current = (await base.get())!;
    reads = 0;
    coordinator.broadcast({ type: 'stored', version: current.version, clientId: null });
    await settle();
    expect(reads).toBe(0);

    coordinator.broadcast({ type: 'stored', version: current.version + 1, clientId: null });
    await settle();
    expect(reads).toBe(1);
    expect(await client.getAccessToken()).toBe(token);
    expect(h.counts()).toMatchObject({ register: 1, token: 1 });
  });

  it('never swaps the token in use for an expired, an older or the same one; a newer one is adopted', async () => {
    const { h, store, coordinator, b, first } = await twoInstances();
    const write = async (token: Record<string, unknown>) => {
      const entry = (await store.get())!;
      const record = JSON.parse(entry.value);
      const result = await store.set(JSON.stringify({ ...record, token: { ...record.token, ...token } }), {
        expectedVersion: entry.version,
      });
      if (!result.ok) throw new Error('the test write lost a compare-and-set');
      coordinator.broadcast({ type: 'stored', version: result.version, clientId: record.credentials.clientId });
      await settle();
      return (await b.getAccessToken()).accessToken;
    };
    expect(await write({ accessToken: 'older-token', expiresAt: first.expiresAt - 1_000 })).toBe(first.accessToken);
    expect(await write({ accessToken: 'expired-token', expiresAt: Date.now() - 1 })).toBe(first.accessToken);
    expect(await write({ accessToken: first.accessToken, expiresAt: first.expiresAt + 1_000 })).toBe(first.accessToken);
    expect(await write({ accessToken: 'newer-token', expiresAt: first.expiresAt + 1_000 })).toBe('newer-token');
    expect(h.counts()).toMatchObject({ register: 1, token: 1 });
  });

  it('subscribes when started and unsubscribes on stop(); a coordinator without subscribe is fine', async () => {
    const h = await harness();
    const shared = inProcessCoordinator();
    let listeners = 0;
    const counting: Coordinator = {
      withLock: (name, task) => shared.withLock(name, task),
      broadcast: (message) => shared.broadcast(message),
      subscribe(listener) {
        listeners += 1;
        const unsubscribe = shared.subscribe(listener);
        return () => {
          listeners -= 1;
          unsubscribe();
        };
      },
    };
    const client = h.client({ softwareStatement: await h.statement(), coordinator: counting });
    expect(listeners).toBe(0);
    await client.getAccessToken();
    expect(listeners).toBe(1);
    client.stop();
    expect(listeners).toBe(0);

    const withoutSubscribe = h.client({
      softwareStatement: await h.statement(),
      coordinator: { withLock: counting.withLock, broadcast: counting.broadcast },
    });
    await withoutSubscribe.getAccessToken();
    expect(listeners).toBe(0);
  });
});
