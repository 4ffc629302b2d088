import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createActor, fromCallback } from 'xstate';
import {
  type DcrEmitted,
  type DcrEvent,
  type DcrMachineInput,
  dcrLifecycleMachine,
  systemClock,
} from '../src/index.ts';
import type { SyncStoreInput } from '../src/machine/dcrLifecycleMachine.ts';
import { credentials, failure, otherCredentials, tokenAt } from './support/fixtures.ts';

// Machine-level tests of STORE.CHANGED (a peer's store-change notice): which states start a `syncStore` child, with
// what input, what the child's results do in each state, and that nothing else moves. The child is a recorder here;
// its results are sent by hand, exactly as the real actor sends them (STORE.TOKEN_FOUND, STORE.EMPTY).

const T0 = 1_000_000;
const stored: DcrEvent = { type: 'STORE.CHANGED', at: T0, change: 'stored' };
const deleted: DcrEvent = { type: 'STORE.CHANGED', at: T0, change: 'deleted' };

function start(input: DcrMachineInput = {}) {
  const syncs: SyncStoreInput[] = [];
  const machine = dcrLifecycleMachine.provide({
    actors: {
      syncStore: fromCallback<DcrEvent, SyncStoreInput>(({ input: syncInput }) => {
        syncs.push(syncInput);
      }),
    },
  });
  const actor = createActor(machine, { input: { now: Date.now(), ...input }, clock: systemClock });
  const emitted: DcrEmitted[] = [];
  actor.on('*', (event) => emitted.push(event));
  actor.start();
  const syncing = () => actor.getSnapshot().children.storeSync !== undefined;
  return { actor, emitted, syncs, syncing };
}

/** The event the real syncStore actor sends when the store holds a token to adopt. */
function adopted(at: number, fingerprint: string, replacedBy: typeof otherCredentials | null = null): DcrEvent {
  return { type: 'STORE.TOKEN_FOUND', at, token: tokenAt(at, fingerprint), credentials: replacedBy };
}

function inTokenValid() {
  const started = start();
  started.actor.send({ type: 'STORE.LOADED', at: T0, credentials, token: tokenAt(T0) });
  return started;
}

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('STORE.CHANGED in tokenValid', () => {
  it('starts one syncStore child without leaving tokenValid, with the facts it needs and no secret', () => {
    const { actor, syncs, syncing } = inTokenValid();
    actor.send(stored);
    expect(actor.getSnapshot().value).toBe('tokenValid');
    expect(syncing()).toBe(true);
    expect(syncs).toEqual([{ clientId: 'client-1', staleClientId: null, tokenExpiresAt: T0 + 10_000, deleted: false }]);
    actor.send(deleted);
    expect(syncs.at(-1)).toEqual({ ...syncs[0], deleted: true });
    expect(Object.keys(actor.getSnapshot().children)).toEqual(['storeSync']);
  });

  it("adopts a peer's refreshed token at once and re-arms the refresh timer from it; no reauthentication", () => {
    const { actor, emitted, syncing } = inTokenValid();
    vi.advanceTimersByTime(5_000);
    actor.send(stored);
    actor.send(adopted(Date.now(), 'fp-peer'));
    const { value, context } = actor.getSnapshot();
    expect(value).toBe('tokenValid');
    expect(context.token?.fingerprint).toBe('fp-peer');
    expect(context.clientId).toBe('client-1');
    expect(syncing()).toBe(false);
    // The old token's refresh time (T0 + 8 s) passes without a refresh: the peer's token is due at T0 + 13 s.
    vi.advanceTimersByTime(3_000);
    expect(actor.getSnapshot().value).toBe('tokenValid');
    vi.advanceTimersByTime(4_999);
    expect(actor.getSnapshot().value).toBe('tokenValid');
    vi.advanceTimersByTime(1);
    expect(actor.getSnapshot().value).toEqual({ expiring: 'refreshing' });
    expect(emitted).toEqual([]);
  });

  it('emits reauthenticationRequired once when the peer stored other credentials (credentialsReplaced)', () => {
    const { actor, emitted } = inTokenValid();
    actor.send(stored);
    actor.send(adopted(T0, 'fp-peer', otherCredentials));
    expect(actor.getSnapshot().value).toBe('tokenValid');
    expect(actor.getSnapshot().context.clientId).toBe('client-2');
    expect(emitted).toEqual([{ type: 'reauthenticationRequired', clientId: 'client-2', previousClientId: 'client-1' }]);
  });

  it('a peer reset (STORE.EMPTY from the sync) is a first run: registering, no reauthentication, no loss', () => {
    const { actor, emitted } = inTokenValid();
    actor.send(deleted);
    actor.send({ type: 'STORE.EMPTY', at: T0 });
    const { value, context } = actor.getSnapshot();
    expect(value).toEqual({ registering: 'requesting' });
    expect(context).toMatchObject({ clientId: null, token: null, staleClientId: null, reauthenticationPending: false });
    expect(emitted).toEqual([]);
  });

  it('nothing to adopt means no event and no transition: the refresh timer keeps its deadline', () => {
    const { actor } = inTokenValid();
    actor.send(stored);
    vi.advanceTimersByTime(7_999);
    expect(actor.getSnapshot().value).toBe('tokenValid');
    vi.advanceTimersByTime(1);
    expect(actor.getSnapshot().value).toEqual({ expiring: 'refreshing' });
  });

  it('leaving tokenValid stops the sync, so its result can never reach another state', () => {
    const { actor, syncing } = inTokenValid();
    actor.send(stored);
    actor.send({ type: 'TOKEN.REJECTED', at: T0, fingerprint: tokenAt(T0).fingerprint });
    expect(actor.getSnapshot().value).toEqual({ registered: 'requesting' });
    expect(syncing()).toBe(false);
  });
});

describe('STORE.CHANGED in expiring', () => {
  function inExpiringBackoff() {
    const started = inTokenValid();
    vi.advanceTimersByTime(8_000);
    started.actor.send(failure('TOKEN.FAILED', 'transient', Date.now(), { jitter: 1 }));
    expect(started.actor.getSnapshot().value).toEqual({ expiring: 'backoff' });
    return started;
  }

  it("backoff: adopts a peer's token instead of waiting for the retry timer", () => {
    const { actor, syncs } = inExpiringBackoff();
    actor.send(stored);
    expect(actor.getSnapshot().value).toEqual({ expiring: 'backoff' });
    expect(syncs).toHaveLength(1);
    actor.send(adopted(Date.now(), 'fp-peer'));
    const { value, context } = actor.getSnapshot();
    expect(value).toBe('tokenValid');
    expect(context).toMatchObject({ error: null, attempt: 0, retryAt: null });
    vi.advanceTimersByTime(1_000);
    expect(actor.getSnapshot().value).toBe('tokenValid');
  });

  it('backoff: nothing to adopt keeps the backoff and its retry deadline', () => {
    const { actor } = inExpiringBackoff();
    actor.send(stored);
    vi.advanceTimersByTime(999);
    expect(actor.getSnapshot().value).toEqual({ expiring: 'backoff' });
    vi.advanceTimersByTime(1);
    expect(actor.getSnapshot().value).toEqual({ expiring: 'refreshing' });
  });

  it("refreshing: a peer's token ends the refresh before its request leaves the lock queue", () => {
    const { actor, emitted } = inTokenValid();
    vi.advanceTimersByTime(8_000);
    expect(actor.getSnapshot().value).toEqual({ expiring: 'refreshing' });
    actor.send(stored);
    actor.send(adopted(Date.now(), 'fp-peer', otherCredentials));
    expect(actor.getSnapshot().value).toBe('tokenValid');
    expect(emitted).toEqual([{ type: 'reauthenticationRequired', clientId: 'client-2', previousClientId: 'client-1' }]);
  });

  it('a peer reset while expiring is a first run too', () => {
    const { actor, emitted } = inExpiringBackoff();
    actor.send(deleted);
    actor.send({ type: 'STORE.EMPTY', at: Date.now() });
    expect(actor.getSnapshot().value).toEqual({ registering: 'requesting' });
    expect(emitted).toEqual([]);
  });
});

describe('STORE.CHANGED in registered, registering and revoked', () => {
  it("registered.backoff: adopts a peer's token and clears the failure", () => {
    const { actor, syncs } = start();
    actor.send({ type: 'STORE.LOADED', at: T0, credentials, token: null });
    actor.send(failure('TOKEN.FAILED', 'throttled', T0));
    expect(actor.getSnapshot().value).toEqual({ registered: 'backoff' });
    actor.send(stored);
    expect(syncs).toEqual([{ clientId: 'client-1', staleClientId: null, tokenExpiresAt: null, deleted: false }]);
    actor.send(adopted(T0, 'fp-peer'));
    expect(actor.getSnapshot().value).toBe('tokenValid');
    expect(actor.getSnapshot().context).toMatchObject({ error: null, blocked: false, attempt: 0 });
  });

  it('registered: a peer reset goes back to registering as a first run', () => {
    const { actor, emitted } = start();
    actor.send({ type: 'STORE.LOADED', at: T0, credentials, token: null });
    actor.send(deleted);
    actor.send({ type: 'STORE.EMPTY', at: T0 });
    expect(actor.getSnapshot().value).toEqual({ registering: 'requesting' });
    expect(emitted).toEqual([]);
  });

  it("registering.backoff after a loss: adopts the peer's new credentials and token, reauthenticationRequired once", () => {
    const { actor, emitted, syncs } = inTokenValid();
    actor.send({ type: 'CREDENTIALS.REJECTED', at: T0, clientId: 'client-1' });
    actor.send({ type: 'LOSS.RECORDED', at: T0, warning: null });
    actor.send(failure('REGISTER.FAILED', 'throttled', T0));
    expect(actor.getSnapshot().value).toEqual({ registering: 'backoff' });
    actor.send(stored);
    expect(syncs).toEqual([{ clientId: null, staleClientId: 'client-1', tokenExpiresAt: null, deleted: false }]);
    actor.send(adopted(T0, 'fp-peer', otherCredentials));
    const { value, context } = actor.getSnapshot();
    expect(value).toBe('tokenValid');
    expect(context).toMatchObject({ clientId: 'client-2', reauthenticationPending: false, staleClientId: null });
    expect(emitted).toEqual([{ type: 'reauthenticationRequired', clientId: 'client-2', previousClientId: 'client-1' }]);
  });

  it("registering on a first run: adopts a peer's registration without a reauthentication", () => {
    const { actor, emitted } = start();
    actor.send({ type: 'STORE.EMPTY', at: T0 });
    actor.send(failure('REGISTER.FAILED', 'transient', T0));
    actor.send(stored);
    actor.send(adopted(T0, 'fp-peer', otherCredentials));
    expect(actor.getSnapshot().value).toBe('tokenValid');
    expect(emitted).toEqual([]);
  });

  it('registering: a peer reset changes nothing (this instance is registering already)', () => {
    const { actor } = start();
    actor.send({ type: 'STORE.EMPTY', at: T0 });
    actor.send(failure('REGISTER.FAILED', 'transient', T0));
    actor.send(deleted);
    actor.send({ type: 'STORE.EMPTY', at: T0 });
    expect(actor.getSnapshot().value).toEqual({ registering: 'backoff' });
  });

  it("revoked: a peer's new credentials (a new statement) rescue this instance; reauthenticationRequired once", () => {
    const { actor, emitted, syncs } = start();
    actor.send({ type: 'STORE.LOADED', at: T0, credentials, token: null });
    actor.send(failure('TOKEN.FAILED', 'revoked', T0));
    expect(actor.getSnapshot().value).toBe('revoked');
    emitted.length = 0;
    actor.send(stored);
    expect(actor.getSnapshot().value).toBe('revoked');
    // The sync never adopts the retired credentials: it learns their id.
    expect(syncs).toEqual([{ clientId: null, staleClientId: 'client-1', tokenExpiresAt: null, deleted: false }]);
    actor.send(adopted(T0, 'fp-peer', otherCredentials));
    expect(actor.getSnapshot().value).toBe('tokenValid');
    expect(actor.getSnapshot().context).toMatchObject({ clientId: 'client-2', error: null });
    expect(emitted).toEqual([{ type: 'reauthenticationRequired', clientId: 'client-2', previousClientId: 'client-1' }]);
  });

  it('revoked: a peer reset keeps it revoked (registering with the rejected statement would only fail again)', () => {
    const { actor } = start();
    actor.send({ type: 'STORE.EMPTY', at: T0 });
    actor.send(failure('REGISTER.FAILED', 'revoked', T0));
    actor.send(deleted);
    actor.send({ type: 'STORE.EMPTY', at: T0 });
    expect(actor.getSnapshot().value).toBe('revoked');
  });
});

describe('STORE.CHANGED elsewhere', () => {
  it('loading.backoff reads the store again at once (a peer could write it, so it works again)', () => {
    const { actor, syncing } = start();
    actor.send(failure('STORE.FAILED', 'transient', T0, { error: { code: 'store', message: 'Locked.' } }));
    expect(actor.getSnapshot().value).toEqual({ loading: 'backoff' });
    actor.send({ ...stored, at: T0 + 10 });
    expect(actor.getSnapshot().value).toEqual({ loading: 'reading' });
    expect(actor.getSnapshot().context.now).toBe(T0 + 10);
    expect(syncing()).toBe(false);
  });

  it('is ignored where the store is being read anyway: loading.reading, credentialsLost, a statement-less unregistered', () => {
    const reading = start();
    reading.actor.send(stored);
    expect(reading.actor.getSnapshot().value).toEqual({ loading: 'reading' });

    const lost = start();
    lost.actor.send({ type: 'STORE.LOST', at: T0 });
    lost.actor.send(stored);
    expect(lost.actor.getSnapshot().value).toBe('credentialsLost');

    const waiting = start({ hasSoftwareStatement: false });
    waiting.actor.send({ type: 'STORE.EMPTY', at: T0 });
    waiting.actor.send(stored);
    expect(waiting.actor.getSnapshot().value).toBe('unregistered');

    for (const { syncs, syncing } of [reading, lost, waiting]) {
      expect(syncs).toEqual([]);
      expect(syncing()).toBe(false);
    }
  });
});
