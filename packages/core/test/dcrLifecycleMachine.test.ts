import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createActor } from 'xstate';
import { type DcrEmitted, type DcrMachineInput, dcrLifecycleMachine, systemClock } from '../src/index.ts';
import { credentials, failure, otherCredentials, tokenAt } from './support/fixtures.ts';

// Machine-level tests: the exported machine with its inert actors, driven by the named events the real actors
// send, and by vitest fake timers through the default clock (every `after` delay is exercised here).

const T0 = 1_000_000;

function start(input: DcrMachineInput = {}) {
  const actor = createActor(dcrLifecycleMachine, { input: { now: Date.now(), ...input }, clock: systemClock });
  const emitted: DcrEmitted[] = [];
  actor.on('*', (event) => emitted.push(event));
  actor.start();
  return { actor, emitted };
}

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('loading', () => {
  it('goes to tokenValid when the store holds credentials and an unexpired token (warm start)', () => {
    const { actor } = start();
    actor.send({ type: 'STORE.LOADED', at: T0, credentials, token: tokenAt(T0) });
    expect(actor.getSnapshot().value).toBe('tokenValid');
    expect(actor.getSnapshot().context.clientId).toBe('client-1');
  });

  it('goes to registered when the stored token has expired (token request, no registration)', () => {
    const { actor } = start();
    actor.send({ type: 'STORE.LOADED', at: T0, credentials, token: tokenAt(T0 - 20_000) });
    expect(actor.getSnapshot().value).toEqual({ registered: 'requesting' });
    expect(actor.getSnapshot().context.token).toBeNull();
  });

  it('goes to registered when the store holds credentials only', () => {
    const { actor } = start();
    actor.send({ type: 'STORE.LOADED', at: T0, credentials, token: null });
    expect(actor.getSnapshot().value).toEqual({ registered: 'requesting' });
  });

  it('registers on a first run (nothing stored) without flagging a re-authentication', () => {
    const { actor } = start();
    actor.send({ type: 'STORE.EMPTY', at: T0 });
    expect(actor.getSnapshot().value).toEqual({ registering: 'requesting' });
    expect(actor.getSnapshot().context.reauthenticationPending).toBe(false);
  });

  it('treats a registration marker without credentials as lost credentials', () => {
    const { actor } = start();
    actor.send({ type: 'STORE.LOST', at: T0 });
    expect(actor.getSnapshot().value).toBe('credentialsLost');
    expect(actor.getSnapshot().context.reauthenticationPending).toBe(true);
  });

  it('treats a corrupt entry as lost credentials and records store_corrupt', () => {
    const { actor } = start();
    actor.send({ type: 'STORE.CORRUPT', at: T0, error: { code: 'store_corrupt', message: 'Unreadable.' } });
    expect(actor.getSnapshot().value).toBe('credentialsLost');
    expect(actor.getSnapshot().context.error).toEqual({ code: 'store_corrupt', message: 'Unreadable.' });
  });

  it('retries a failing store read after the retryDelay (fake timers)', () => {
    const { actor } = start();
    actor.send(failure('STORE.FAILED', 'transient', T0, { error: { code: 'store', message: 'Disk on fire.' } }));
    expect(actor.getSnapshot().value).toEqual({ loading: 'backoff' });
    const wait = actor.getSnapshot().context.retryAt! - T0;
    expect(wait).toBe(500); // full jitter 0.5 × 1 s
    vi.advanceTimersByTime(wait - 1);
    expect(actor.getSnapshot().value).toEqual({ loading: 'backoff' });
    vi.advanceTimersByTime(1);
    expect(actor.getSnapshot().value).toEqual({ loading: 'reading' });
  });
});

describe('unregistered', () => {
  it('waits for a software statement when none is configured', () => {
    const { actor } = start({ hasSoftwareStatement: false });
    actor.send({ type: 'STORE.EMPTY', at: T0 });
    expect(actor.getSnapshot().value).toBe('unregistered');
    actor.send({ type: 'STATEMENT.UPDATED', at: T0 });
    expect(actor.getSnapshot().value).toEqual({ registering: 'requesting' });
  });
});

describe('registering', () => {
  it('moves to registered once the credentials are stored', () => {
    const { actor, emitted } = start();
    actor.send({ type: 'STORE.EMPTY', at: T0 });
    actor.send({ type: 'REGISTER.SUCCEEDED', at: T0, credentials, source: 'server' });
    expect(actor.getSnapshot().value).toEqual({ registered: 'requesting' });
    expect(emitted).toEqual([]);
  });

  it('ends in revoked on a rejected statement and emits revoked', () => {
    const { actor, emitted } = start();
    actor.send({ type: 'STORE.EMPTY', at: T0 });
    actor.send(failure('REGISTER.FAILED', 'revoked', T0));
    expect(actor.getSnapshot().value).toBe('revoked');
    expect(emitted).toEqual([{ type: 'revoked', error: expect.objectContaining({ code: 'revoked' }) }]);
  });

  it('backs off exponentially with jitter on transient failures and retries after retryDelay', () => {
    const { actor } = start();
    actor.send({ type: 'STORE.EMPTY', at: T0 });
    const waits: number[] = [];
    for (let attempt = 0; attempt < 8; attempt++) {
      actor.send(failure('REGISTER.FAILED', 'transient', Date.now(), { jitter: 1 }));
      expect(actor.getSnapshot().value).toEqual({ registering: 'backoff' });
      const wait = actor.getSnapshot().context.retryAt! - Date.now();
      waits.push(wait);
      vi.advanceTimersByTime(wait);
      expect(actor.getSnapshot().value).toEqual({ registering: 'requesting' });
    }
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000]);
  });

  it('waits at least 1 s after a 429 even with zero jitter', () => {
    const { actor } = start();
    actor.send({ type: 'STORE.EMPTY', at: T0 });
    actor.send(failure('REGISTER.FAILED', 'throttled', T0, { jitter: 0 }));
    expect(actor.getSnapshot().context.retryAt! - T0).toBe(1_000);
    vi.advanceTimersByTime(999);
    expect(actor.getSnapshot().value).toEqual({ registering: 'backoff' });
    vi.advanceTimersByTime(1);
    expect(actor.getSnapshot().value).toEqual({ registering: 'requesting' });
  });

  it('honours Retry-After, clamped to 300 s', () => {
    const { actor } = start();
    actor.send({ type: 'STORE.EMPTY', at: T0 });
    actor.send(failure('REGISTER.FAILED', 'throttled', T0, { jitter: 0, retryAfterMs: 7_000 }));
    expect(actor.getSnapshot().context.retryAt! - T0).toBe(7_000);
    vi.advanceTimersByTime(7_000);
    actor.send(failure('REGISTER.FAILED', 'throttled', Date.now(), { jitter: 0, retryAfterMs: 86_400_000 }));
    expect(actor.getSnapshot().context.retryAt! - Date.now()).toBe(300_000);
  });

  it('waits at the cap and marks the client blocked on a configuration error', () => {
    const { actor } = start();
    actor.send({ type: 'STORE.EMPTY', at: T0 });
    actor.send(failure('REGISTER.FAILED', 'blocked', T0, { jitter: 0 }));
    const { context, value } = actor.getSnapshot();
    expect(value).toEqual({ registering: 'backoff' });
    expect(context.blocked).toBe(true);
    expect(context.retryAt! - T0).toBe(60_000);
  });

  it('retries at once on an online signal after a network failure, not after a 429', () => {
    const { actor } = start();
    actor.send({ type: 'STORE.EMPTY', at: T0 });
    actor.send(failure('REGISTER.FAILED', 'transient', T0, { jitter: 1 }));
    actor.send({ type: 'RECHECK', at: T0 + 10, signal: 'online' });
    expect(actor.getSnapshot().value).toEqual({ registering: 'requesting' });
    actor.send(failure('REGISTER.FAILED', 'throttled', T0 + 20));
    actor.send({ type: 'RECHECK', at: T0 + 30, signal: 'online' });
    expect(actor.getSnapshot().value).toEqual({ registering: 'backoff' });
  });
});

describe('registered', () => {
  function registered() {
    const started = start();
    started.actor.send({ type: 'STORE.LOADED', at: T0, credentials, token: null });
    return started;
  }

  it('moves to tokenValid with the new token', () => {
    const { actor } = registered();
    actor.send({
      type: 'TOKEN.SUCCEEDED',
      at: T0,
      token: tokenAt(T0),
      credentials: null,
      warning: null,
    });
    expect(actor.getSnapshot().value).toBe('tokenValid');
    expect(actor.getSnapshot().context.token?.expiresAt).toBe(T0 + 10_000);
  });

  it('goes to credentialsLost on invalid_client', () => {
    const { actor } = registered();
    actor.send(failure('TOKEN.FAILED', 'credentials', T0));
    expect(actor.getSnapshot().value).toBe('credentialsLost');
    expect(actor.getSnapshot().context.staleClientId).toBe('client-1');
    expect(actor.getSnapshot().context.clientId).toBeNull();
  });

  it('goes to revoked on unauthorized_client', () => {
    const { actor } = registered();
    actor.send(failure('TOKEN.FAILED', 'revoked', T0));
    expect(actor.getSnapshot().value).toBe('revoked');
  });

  it('keeps the stored credentials through transient failures and retries after retryDelay', () => {
    const { actor } = registered();
    actor.send(failure('TOKEN.FAILED', 'transient', T0));
    expect(actor.getSnapshot().value).toEqual({ registered: 'backoff' });
    expect(actor.getSnapshot().context.clientId).toBe('client-1');
    vi.advanceTimersByTime(500);
    expect(actor.getSnapshot().value).toEqual({ registered: 'requesting' });
  });

  it('emits reauthenticationRequired when a peer replaced the credentials', () => {
    const { actor, emitted } = registered();
    actor.send({ type: 'STORE.TOKEN_FOUND', at: T0, token: tokenAt(T0), credentials: otherCredentials });
    expect(actor.getSnapshot().context.clientId).toBe('client-2');
    expect(emitted).toEqual([{ type: 'reauthenticationRequired', clientId: 'client-2', previousClientId: 'client-1' }]);
  });
});

describe('tokenValid and expiring', () => {
  function withToken() {
    const started = start();
    started.actor.send({ type: 'STORE.LOADED', at: T0, credentials, token: tokenAt(T0) });
    return started;
  }

  it('enters expiring exactly at refreshAt (delay refreshAt)', () => {
    const { actor } = withToken();
    vi.advanceTimersByTime(7_999);
    expect(actor.getSnapshot().value).toBe('tokenValid');
    vi.advanceTimersByTime(1);
    expect(actor.getSnapshot().value).toEqual({ expiring: 'refreshing' });
  });

  it('keeps the still-valid token while refresh retries back off, then drops it at hard expiry (delay hardExpiry)', () => {
    const { actor } = withToken();
    vi.advanceTimersByTime(8_000);
    actor.send(failure('TOKEN.FAILED', 'transient', Date.now(), { jitter: 1 }));
    expect(actor.getSnapshot().value).toEqual({ expiring: 'backoff' });
    expect(actor.getSnapshot().context.token).not.toBeNull();
    vi.advanceTimersByTime(1_000);
    expect(actor.getSnapshot().value).toEqual({ expiring: 'refreshing' });
    vi.advanceTimersByTime(999);
    expect(actor.getSnapshot().value).toEqual({ expiring: 'refreshing' });
    vi.advanceTimersByTime(1);
    expect(actor.getSnapshot().value).toEqual({ registered: 'requesting' });
    expect(actor.getSnapshot().context.token).toBeNull();
    expect(actor.getSnapshot().context.clientId).toBe('client-1');
  });

  it('returns to tokenValid after a successful refresh, with a new refresh timer', () => {
    const { actor } = withToken();
    vi.advanceTimersByTime(8_000);
    const now = Date.now();
    actor.send({
      type: 'TOKEN.SUCCEEDED',
      at: now,
      token: tokenAt(now, 'fp-2'),
      credentials: null,
      warning: null,
    });
    expect(actor.getSnapshot().value).toBe('tokenValid');
    vi.advanceTimersByTime(7_999);
    expect(actor.getSnapshot().value).toBe('tokenValid');
    vi.advanceTimersByTime(1);
    expect(actor.getSnapshot().value).toEqual({ expiring: 'refreshing' });
  });

  it('never re-registers to refresh: invalid_client during a refresh goes through credentialsLost', () => {
    const { actor } = withToken();
    vi.advanceTimersByTime(8_000);
    actor.send(failure('TOKEN.FAILED', 'credentials', Date.now()));
    expect(actor.getSnapshot().value).toBe('credentialsLost');
  });

  it('re-checks deadlines on RECHECK (after sleep the timers may not have fired)', () => {
    const { actor } = withToken();
    actor.send({ type: 'RECHECK', at: T0 + 1_000, signal: 'visible' });
    expect(actor.getSnapshot().value).toBe('tokenValid');
    actor.send({ type: 'RECHECK', at: T0 + 9_000, signal: 'wake' });
    expect(actor.getSnapshot().value).toEqual({ expiring: 'refreshing' });
    actor.send({ type: 'RECHECK', at: T0 + 10_000, signal: 'wake' });
    expect(actor.getSnapshot().value).toEqual({ registered: 'requesting' });
  });

  it('RECHECK past expiry in tokenValid goes straight to registered', () => {
    const { actor } = withToken();
    actor.send({ type: 'RECHECK', at: T0 + 60_000, signal: 'wake' });
    expect(actor.getSnapshot().value).toEqual({ registered: 'requesting' });
  });

  it('a rejected current token (protected API 401) goes to registered; a stale fingerprint is ignored', () => {
    const { actor } = withToken();
    actor.send({ type: 'TOKEN.REJECTED', at: T0, fingerprint: 'someone-else' });
    expect(actor.getSnapshot().value).toBe('tokenValid');
    actor.send({ type: 'TOKEN.REJECTED', at: T0, fingerprint: tokenAt(T0).fingerprint });
    expect(actor.getSnapshot().value).toEqual({ registered: 'requesting' });
  });

  it('application-registration from the protected API goes to credentialsLost', () => {
    const { actor } = withToken();
    actor.send({ type: 'CREDENTIALS.REJECTED', at: T0, clientId: 'client-1' });
    expect(actor.getSnapshot().value).toBe('credentialsLost');
  });
});

describe('credentialsLost → reauthenticationRequired', () => {
  it('emits exactly once, when new credentials are stored after the loss', () => {
    const { actor, emitted } = start();
    actor.send({ type: 'STORE.LOADED', at: T0, credentials, token: tokenAt(T0) });
    actor.send({ type: 'CREDENTIALS.REJECTED', at: T0, clientId: 'client-1' });
    actor.send({ type: 'LOSS.RECORDED', at: T0, warning: null });
    expect(actor.getSnapshot().value).toEqual({ registering: 'requesting' });
    expect(emitted).toEqual([]);
    actor.send(failure('REGISTER.FAILED', 'transient', T0));
    vi.advanceTimersByTime(500);
    actor.send({ type: 'REGISTER.SUCCEEDED', at: Date.now(), credentials: otherCredentials, source: 'server' });
    expect(emitted).toEqual([{ type: 'reauthenticationRequired', clientId: 'client-2', previousClientId: 'client-1' }]);
    // A later token failure that does not lose credentials emits nothing more.
    actor.send(failure('TOKEN.FAILED', 'transient', Date.now()));
    vi.advanceTimersByTime(500);
    actor.send({
      type: 'TOKEN.SUCCEEDED',
      at: Date.now(),
      token: tokenAt(Date.now()),
      credentials: null,
      warning: null,
    });
    expect(emitted).toHaveLength(1);
  });
});

describe('revoked', () => {
  it('recovers with a new statement and asks for re-authentication (the old credentials are gone)', () => {
    const { actor, emitted } = start();
    actor.send({ type: 'STORE.LOADED', at: T0, credentials, token: null });
    actor.send(failure('TOKEN.FAILED', 'revoked', T0));
    expect(actor.getSnapshot().value).toBe('revoked');
    actor.send({ type: 'STATEMENT.UPDATED', at: T0 });
    expect(actor.getSnapshot().value).toEqual({ registering: 'requesting' });
    actor.send({ type: 'REGISTER.SUCCEEDED', at: T0, credentials: otherCredentials, source: 'server' });
    expect(emitted.map((event) => event.type)).toEqual(['revoked', 'reauthenticationRequired']);
  });
});

describe('RESET', () => {
  it('re-enters loading with a purge request from any state and forgets the identity', () => {
    const { actor, emitted } = start();
    actor.send({ type: 'STORE.LOADED', at: T0, credentials, token: tokenAt(T0) });
    actor.send({ type: 'RESET', at: T0 });
    expect(actor.getSnapshot().value).toEqual({ loading: 'reading' });
    expect(actor.getSnapshot().context).toMatchObject({ purgeRequested: true, clientId: null, token: null });
    actor.send({ type: 'STORE.EMPTY', at: T0 });
    expect(actor.getSnapshot().context.purgeRequested).toBe(false);
    actor.send({ type: 'REGISTER.SUCCEEDED', at: T0, credentials: otherCredentials, source: 'server' });
    expect(emitted).toEqual([]);
  });
});
