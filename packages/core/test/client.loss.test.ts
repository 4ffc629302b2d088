import { describe, expect, it } from 'vitest';
import { type DcrClientEventMap, type DcrLifecycleActor, type DcrState, memoryStore } from '../src/index.ts';
import { harness } from './support/simulatorHarness.ts';

// DCR FAQ: "Lost credentials ⇒ register again, fetch a new token, and the user must re-authenticate (the app must be
// told)"; credentials are kept "persistently, forever" otherwise.

function record(client: {
  on: <K extends keyof DcrClientEventMap>(e: K, l: (p: DcrClientEventMap[K]) => void) => () => void;
}) {
  const events = {
    reauth: [] as DcrClientEventMap['reauthenticationRequired'][],
    states: [] as DcrState[],
    errors: [] as string[],
  };
  client.on('reauthenticationRequired', (event) => events.reauth.push(event));
  client.on('stateChange', ({ state }) => events.states.push(state));
  client.on('error', ({ code }) => events.errors.push(code));
  return events;
}

describe('lost credentials', () => {
  it('FAQ: server deletes the client → invalid_client → credentialsLost → re-register → reauthenticationRequired once', async () => {
    const h = await harness();
    const client = h.client({ softwareStatement: await h.statement() });
    const events = record(client);
    await client.getAccessToken();
    const oldClientId = client.actor.getSnapshot().context.clientId!;
    h.sim.simulator.deleteClient(oldClientId);

    // The protected API rejects the token (application-registration); the client refreshes once → invalid_client.
    const response = await client.fetch(`${h.url}/api/v2/test-sp/configuration`);
    expect(response.status).toBe(200);
    expect(events.states).toContain('credentialsLost');
    expect(events.reauth).toHaveLength(1);
    expect(events.reauth[0]?.previousClientId).toBe(oldClientId);
    expect(events.reauth[0]?.clientId).toBe(client.actor.getSnapshot().context.clientId);
    expect(events.reauth[0]?.clientId).not.toBe(oldClientId);
    expect(h.counts().registrations).toBe(2);

    // Later traffic never repeats the event.
    await client.fetch(`${h.url}/api/v2/test-sp/configuration`);
    expect(events.reauth).toHaveLength(1);
  });

  it('FAQ: a store emptied between runs (registered marker, no credentials) → re-register → reauthenticationRequired once', async () => {
    const h = await harness();
    const store = memoryStore();
    const statement = await h.statement();
    const first = h.client({ softwareStatement: statement, store });
    await first.getAccessToken();
    first.stop();
    const entry = (await store.get())!;
    const record_ = JSON.parse(entry.value);
    await store.set(JSON.stringify({ ...record_, credentials: null, token: null }), { expectedVersion: entry.version });

    const second = h.client({ softwareStatement: statement, store });
    const events = record(second);
    await second.getAccessToken();
    expect(events.states).toEqual(['credentialsLost', 'registering', 'registered', 'tokenValid']);
    expect(events.reauth).toHaveLength(1);
    expect(h.counts()).toMatchObject({ register: 2, token: 2 });
  });

  it('FAQ: a corrupted store between runs → store_corrupt error, credentialsLost, re-register, reauthenticationRequired once', async () => {
    const h = await harness();
    const store = memoryStore();
    const statement = await h.statement();
    const first = h.client({ softwareStatement: statement, store });
    await first.getAccessToken();
    first.stop();
    const entry = (await store.get())!;
    await store.set(`${entry.value.slice(0, 40)}…garbage`, { expectedVersion: entry.version });

    const second = h.client({ softwareStatement: statement, store });
    const events = record(second);
    await second.getAccessToken();
    expect(events.errors).toContain('store_corrupt');
    expect(events.states[0]).toBe('credentialsLost');
    expect(events.reauth).toHaveLength(1);
    expect(second.state).toBe('tokenValid');
    // The corrupt entry was replaced by a valid record.
    expect(JSON.parse((await store.get())!.value).format).toBe('dcrflow.v1');
  });

  it('a store deleted entirely is a plain first run: no reauthenticationRequired', async () => {
    const h = await harness();
    const store = memoryStore();
    const statement = await h.statement();
    const first = h.client({ softwareStatement: statement, store });
    await first.getAccessToken();
    first.stop();
    await store.delete();

    const second = h.client({ softwareStatement: statement, store });
    const events = record(second);
    await second.getAccessToken();
    expect(events.reauth).toEqual([]);
    expect(events.states).not.toContain('credentialsLost');
  });

  it('a running client whose stored credentials vanish finds out inside the lock and re-registers once', async () => {
    const h = await harness();
    const store = memoryStore();
    const client = h.client({ softwareStatement: await h.statement(), store });
    const events = record(client);
    const first = await client.getAccessToken();
    await store.delete();
    // Force a refresh: the protected API says the token is bad.
    h.sim.simulator.advanceClock(6 * 3600 + 60);
    const response = await client.fetch(`${h.url}/api/v2/test-sp/configuration`);
    expect(response.status).toBe(200);
    expect(events.states).toContain('credentialsLost');
    expect(events.reauth).toHaveLength(1);
    expect((await client.getAccessToken()).accessToken).not.toBe(first.accessToken);
    expect(h.counts().registrations).toBe(2);
  });

  it('a loss survives a crash: the loss marker is persisted before re-registering', async () => {
    const h = await harness();
    const store = memoryStore();
    const statement = await h.statement();
    const client = h.client({ softwareStatement: statement, store });
    await client.getAccessToken();
    h.sim.simulator.deleteClient(client.actor.getSnapshot().context.clientId!);
    // Registration will fail for a while; the process "crashes" in the middle.
    h.sim.simulator.injectFault({ kind: 'error', endpoint: 'register', count: 100 });
    // The protected API's second 401 with application-registration, injected by hand (client.actor is read-only).
    (client.actor as DcrLifecycleActor).send({
      type: 'CREDENTIALS.REJECTED',
      at: Date.now(),
      clientId: client.actor.getSnapshot().context.clientId!,
    });
    for (let i = 0; i < 200 && !(await store.get())?.value.includes('"credentials":null'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    client.stop();
    expect(JSON.parse((await store.get())!.value)).toMatchObject({ registered: true, credentials: null });

    h.sim.simulator.clearFaults();
    const restarted = h.client({ softwareStatement: statement, store });
    const events = record(restarted);
    await restarted.getAccessToken();
    expect(events.reauth).toHaveLength(1);
  });
});
