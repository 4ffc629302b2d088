import { describe, expect, it } from 'vitest';
import { memoryStore, type PlatformSignal } from '../src/index.ts';
import { ManualClock } from '../src/testing/ManualClock.ts';
import { harness, waitForState } from './support/simulatorHarness.ts';

describe('client events and lifecycle controls', () => {
  it('stateChange reports { state, previous }; unsubscribe stops delivery', async () => {
    const h = await harness();
    const client = h.client({ softwareStatement: await h.statement() });
    const changes: unknown[] = [];
    const unsubscribe = client.on('stateChange', (change) => changes.push(change));
    await client.getAccessToken();
    expect(changes).toEqual([
      { state: 'registering', previous: 'loading' },
      { state: 'registered', previous: 'registering' },
      { state: 'tokenValid', previous: 'registered' },
    ]);
    unsubscribe();
    await client.reset();
    expect(changes).toHaveLength(3);
  });

  it('listeners that throw do not break the client or other listeners', async () => {
    const h = await harness();
    const client = h.client({ softwareStatement: await h.statement() });
    const seen: string[] = [];
    client.on('stateChange', () => {
      throw new Error('listener bug');
    });
    client.on('stateChange', ({ state }) => seen.push(state));
    await client.getAccessToken();
    expect(seen.at(-1)).toBe('tokenValid');
  });

  it('a listener added twice runs once; one removed while an event is delivered still gets that event', async () => {
    const h = await harness();
    const client = h.client({ softwareStatement: await h.statement() });
    const seen: string[] = [];
    const twice = ({ state }: { state: string }) => seen.push(`twice:${state}`);
    client.on('stateChange', twice);
    client.on('stateChange', twice);
    let removeLater = () => {};
    client.on('stateChange', ({ state }) => {
      seen.push(`first:${state}`);
      removeLater();
    });
    removeLater = client.on('stateChange', ({ state }) => seen.push(`later:${state}`));
    // The methods are the client's own functions: they work destructured.
    const { getAccessToken } = client;
    await getAccessToken();
    expect(seen).toEqual([
      'twice:registering',
      'first:registering',
      'later:registering',
      'twice:registered',
      'first:registered',
      'twice:tokenValid',
      'first:tokenValid',
    ]);
  });

  it('error events are serialisable { code, message } objects', async () => {
    const h = await harness();
    h.sim.simulator.injectFault({ kind: 'throttle', endpoint: 'register', count: 1 });
    const client = h.client({ softwareStatement: await h.statement(), random: () => 0 });
    const errors: unknown[] = [];
    client.on('error', (error) => errors.push(error));
    await client.getAccessToken();
    expect(errors).toHaveLength(1);
    expect(JSON.parse(JSON.stringify(errors[0]))).toEqual({ code: 'throttled', message: expect.stringMatching(/429/) });
  });

  it('reset() deletes the stored credentials and starts over as a first run, without reauthenticationRequired', async () => {
    const h = await harness();
    const store = memoryStore();
    const client = h.client({ softwareStatement: await h.statement(), store });
    const reauth: unknown[] = [];
    client.on('reauthenticationRequired', (event) => reauth.push(event));
    await client.getAccessToken();
    const firstId = client.actor.getSnapshot().context.clientId;
    await client.reset();
    await client.getAccessToken();
    expect(client.actor.getSnapshot().context.clientId).not.toBe(firstId);
    expect(reauth).toEqual([]);
    expect(h.counts().registrations).toBe(2);
  });

  it('reset() before the first use only clears the store', async () => {
    const h = await harness();
    const store = memoryStore('{"format":"dcrflow.v1"}');
    const client = h.client({ softwareStatement: await h.statement(), store });
    await client.reset();
    expect(await store.get()).toBeNull();
    expect(h.counts()).toMatchObject({ register: 0, token: 0 });
  });

  it('platform signals make the machine re-check deadlines (a device that slept past its refresh)', async () => {
    const h = await harness();
    const clock = new ManualClock(Date.now());
    let emit!: (signal: PlatformSignal) => void;
    let unsubscribed = false;
    const signals = {
      subscribe(listener: (signal: PlatformSignal) => void) {
        emit = listener;
        return () => {
          unsubscribed = true;
        };
      },
    };
    const client = h.client({ softwareStatement: await h.statement(), clock, signals });
    const token = await client.getAccessToken();
    // The device sleeps through the refresh deadline; its timers were suspended.
    clock.jump(token.expiresAt - clock.now() - 5_000);
    expect(client.state).toBe('tokenValid');
    emit('wake');
    expect(client.state).toBe('expiring');
    await waitForState(client, (state) => state === 'tokenValid');
    expect(h.counts().token).toBe(2);
    client.stop();
    expect(unsubscribed).toBe(true);
  });

  it('getAccessToken() notices an expired token whose timer has not fired and never returns it', async () => {
    const h = await harness();
    const clock = new ManualClock(Date.now());
    const client = h.client({ softwareStatement: await h.statement(), clock });
    const first = await client.getAccessToken();
    clock.jump(first.expiresAt - clock.now() + 1);
    const second = await client.getAccessToken();
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.expiresAt).toBeGreaterThan(clock.now());
  });

  it('client.actor is the running XState actor and client.state its top-level state', async () => {
    const h = await harness();
    const client = h.client({ softwareStatement: await h.statement() });
    await client.getAccessToken();
    expect(client.actor.getSnapshot().value).toBe('tokenValid');
    expect(client.state).toBe('tokenValid');
    expect(client.actor.getSnapshot().context).toMatchObject({ clientId: expect.any(String), blocked: false });
  });
});
