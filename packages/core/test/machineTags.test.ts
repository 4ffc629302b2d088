import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { type DcrEvent, type DcrLifecycleSnapshot, dcrLifecycleMachine } from '../src/index.ts';
import { ManualClock } from '../src/testing/ManualClock.ts';
import { credentials, failure, tokenAt } from './support/fixtures.ts';

// The tags are what createDcrClient and the CLI read instead of state names: each must sit on exactly the states
// that mean it, so a state added later only needs its tag in the machine.

const T0 = 1_000_000;

function snapshotAfter(...events: DcrEvent[]): DcrLifecycleSnapshot {
  const actor = createActor(dcrLifecycleMachine, { input: { now: T0 }, clock: new ManualClock(T0) }).start();
  for (const event of events) actor.send(event);
  const snapshot = actor.getSnapshot();
  actor.stop();
  return snapshot;
}

const tags = (snapshot: DcrLifecycleSnapshot) => [...snapshot.tags].sort();

describe('state tags', () => {
  it('serving: tokenValid and expiring, nothing else', () => {
    const valid = snapshotAfter({ type: 'STORE.LOADED', at: T0, credentials, token: tokenAt(T0) });
    expect(valid.value).toBe('tokenValid');
    expect(tags(valid)).toEqual(['serving']);

    const expiring = snapshotAfter(
      { type: 'STORE.LOADED', at: T0, credentials, token: tokenAt(T0) },
      { type: 'RECHECK', at: T0 + 8_500, signal: 'wake' },
    );
    expect(expiring.value).toEqual({ expiring: 'refreshing' });
    expect(tags(expiring)).toEqual(['serving']);

    expect(tags(snapshotAfter({ type: 'STORE.LOADED', at: T0, credentials, token: null }))).toEqual([]);
    expect(tags(snapshotAfter())).toEqual([]);
  });

  it('retrying: every backoff sub-state, together with serving while the token still works', () => {
    const loading = snapshotAfter(failure('STORE.FAILED', 'transient', T0));
    expect(loading.value).toEqual({ loading: 'backoff' });
    expect(tags(loading)).toEqual(['retrying']);

    const registering = snapshotAfter({ type: 'STORE.EMPTY', at: T0 }, failure('REGISTER.FAILED', 'throttled', T0));
    expect(registering.value).toEqual({ registering: 'backoff' });
    expect(tags(registering)).toEqual(['retrying']);

    const registered = snapshotAfter(
      { type: 'STORE.LOADED', at: T0, credentials, token: null },
      failure('TOKEN.FAILED', 'transient', T0),
    );
    expect(registered.value).toEqual({ registered: 'backoff' });
    expect(tags(registered)).toEqual(['retrying']);

    const expiring = snapshotAfter(
      { type: 'STORE.LOADED', at: T0, credentials, token: tokenAt(T0) },
      { type: 'RECHECK', at: T0 + 8_500, signal: 'wake' },
      failure('TOKEN.FAILED', 'transient', T0 + 8_500),
    );
    expect(expiring.value).toEqual({ expiring: 'backoff' });
    expect(tags(expiring)).toEqual(['retrying', 'serving']);
  });

  it('failed: revoked only (credentialsLost re-registers, it is not a failure)', () => {
    const revoked = snapshotAfter({ type: 'STORE.EMPTY', at: T0 }, failure('REGISTER.FAILED', 'revoked', T0));
    expect(revoked.value).toBe('revoked');
    expect(tags(revoked)).toEqual(['failed']);

    const lost = snapshotAfter({ type: 'STORE.LOST', at: T0 });
    expect(lost.value).toBe('credentialsLost');
    expect(tags(lost)).toEqual([]);
  });
});
