import {
  type ActorRefFrom,
  assign,
  emit,
  enqueueActions,
  fromCallback,
  type SnapshotFrom,
  setup,
  stopChild,
} from 'xstate';
import { MAX_TIMER_MS } from '../clock/MAX_TIMER_MS.ts';
import { DEFAULT_RETRY_POLICY, type RetryKind, retryDelay } from './retryDelay.ts';
import type { DcrContext, DcrEmitted, DcrEvent, DcrMachineInput, DcrTag, ErrorInfo } from './types.ts';

/** Input of the `loadStore` actor. */
export interface LoadStoreInput {
  /** Delete the entry before reading (`reset()`). */
  readonly purge: boolean;
}
/** Input of the `registerClient` actor. */
export interface RegisterClientInput {
  /** Credentials with this id are dead (lost or revoked): never adopt them from the store. */
  readonly staleClientId: string | null;
}
/** Input of the `requestToken` actor. */
export interface RequestTokenInput {
  readonly clientId: string | null;
  readonly purpose: 'obtain' | 'refresh';
}
/** Input of the `recordLoss` actor. */
export interface RecordLossInput {
  readonly staleClientId: string | null;
}
/** Input of the `syncStore` actor, spawned on `STORE.CHANGED`. */
export interface SyncStoreInput {
  /** The credentials this instance uses now (`null`: none). */
  readonly clientId: string | null;
  /** Credentials with this id are dead (lost or revoked): never adopt them from the store. */
  readonly staleClientId: string | null;
  /** Expiry of the token in use: a stored token of the same credentials is adopted only when it lives longer. */
  readonly tokenExpiresAt: number | null;
  /** A peer deleted the entry (`reset()`): the same as finding it empty, whatever has been written since. */
  readonly deleted: boolean;
}

/** The id of the spawned `syncStore` child: one at a time, stopped when the state that started it is left. */
const STORE_SYNC_ID = 'storeSync';

// The exported machine's actors are inert placeholders: it can be drawn, inspected and driven by hand (events in,
// snapshots out). createDcrClient runs one copy with the working actors, provided once for all clients
// (client/clientLifecycleMachine.ts).
const inert = <TInput>() => fromCallback<DcrEvent, TInput>(() => undefined);

const clampDelay = (ms: number) => Math.min(Math.max(0, Math.ceil(ms)), MAX_TIMER_MS);

type FailureEvent = Extract<DcrEvent, { type: 'STORE.FAILED' | 'REGISTER.FAILED' | 'TOKEN.FAILED' }>;

function retryKindOf(event: FailureEvent): RetryKind {
  if (event.failure === 'throttled') return 'throttled';
  if (event.failure === 'transient') return 'transient';
  return 'blocked';
}

/** What a guard reads. */
interface GuardArgs {
  readonly context: DcrContext;
  readonly event: DcrEvent;
}

/** The event's clock reading is at or past the token's hard expiry (or there is no token). */
function tokenExpired({ context, event }: GuardArgs): boolean {
  return 'at' in event && (context.token === null || event.at >= context.token.expiresAt);
}

/**
 * A backoff retry is still ahead of the moment this event stands for (its clock reading, or the hard expiry the
 * timer marks): requesting now would break the wait — Adobe's throttling page: at least 1 s after a 429.
 */
function retryPending({ context, event }: GuardArgs): boolean {
  const at = 'at' in event ? event.at : (context.token?.expiresAt ?? context.now);
  return context.retryAt !== null && context.retryAt > at;
}

/** The protected API rejected the token this instance is using (not an older one). */
function isCurrentToken({ context, event }: GuardArgs): boolean {
  return event.type === 'TOKEN.REJECTED' && context.token !== null && event.fingerprint === context.token.fingerprint;
}

// ---- transition helpers: one definition per rule the chart repeats in several states --------------------------

/**
 * A token arrived (from this state's own request, or found in the store): adopt it and serve it from `target`.
 * When it comes with other credentials than this instance knew, the user must re-authenticate (DCR FAQ):
 * `afterLoss` — this instance lost its own credentials (`registering`, `revoked`: the pending loss settles now);
 * `onReplacement` — a peer replaced the credentials this instance was using.
 */
function tokenArrived<const T extends string>(
  target: T,
  announce: 'afterLoss' | 'onReplacement',
  { reenter = false, recordWarning = false }: { reenter?: boolean; recordWarning?: boolean } = {},
) {
  const adopt = recordWarning
    ? (['adoptToken', 'clearFailures', 'recordWarning'] as const)
    : (['adoptToken', 'clearFailures'] as const);
  const announced =
    announce === 'afterLoss'
      ? ({
          guard: 'reauthenticationPending',
          target,
          reenter,
          actions: ['announceReauthentication', ...adopt, 'settleReauthentication'],
        } as const)
      : ({ guard: 'credentialsReplaced', target, reenter, actions: ['announceReauthentication', ...adopt] } as const);
  return [announced, { target, reenter, actions: adopt }] as const;
}

/** A token request failed: lost credentials, a revocation, or a retry after backoff in `retryState`. */
function tokenFailed<const T extends string>(retryState: T) {
  return [
    { guard: 'isCredentialsRejection', target: '#dcr.credentialsLost', actions: ['setNow', 'recordError'] },
    { guard: 'isRevocation', target: '#dcr.revoked', actions: ['setNow', 'recordError'] },
    { target: retryState, actions: 'scheduleRetry' },
  ] as const;
}

/**
 * The backoff sub-state of a step: waits out `retryDelay`, then retries in `retryState`; a platform signal after a
 * network failure retries at once. Tagged `retrying`.
 */
function backoff<const T extends string, const On extends object = object>(retryState: T, on?: On) {
  return {
    tags: 'retrying',
    after: { retryDelay: { target: retryState, actions: 'reachRetryAt' } },
    on: { RECHECK: { guard: 'canRetryEarly', target: retryState, actions: 'setNow' }, ...(on as On) },
  } as const;
}

/** The protected API or a peer said the credentials in use are dead. */
const credentialsRejected = { guard: 'isCurrentClient', target: 'credentialsLost', actions: 'setNow' } as const;

/** The store is empty (first run, or a peer's `reset()`): start over as a first run — not a loss. */
function startOver<const T extends string>(target: T) {
  return { target, actions: ['setNow', 'clearIdentity', 'clearFailures'] } as const;
}

/** A peer changed the shared store: re-read it in a child, adopting only what is newer (`startStoreSync`). */
const syncWithStore = { actions: 'startStoreSync' } as const;

function initialContext(input: DcrMachineInput | undefined): DcrContext {
  return {
    clientId: null,
    secretFingerprint: null,
    issuedAt: null,
    token: null,
    staleClientId: null,
    reauthenticationPending: false,
    hasSoftwareStatement: input?.hasSoftwareStatement ?? true,
    purgeRequested: false,
    now: input?.now ?? 0,
    attempt: 0,
    retryAt: null,
    error: null,
    blocked: false,
    refreshLeadSeconds: input?.refreshLeadSeconds ?? null,
    retryPolicy: { ...DEFAULT_RETRY_POLICY, ...input?.retryPolicy },
  };
}

/**
 * The Adobe Pass DCR lifecycle as an XState v5 machine (design.md, "The lifecycle statechart"): `loading`,
 * `unregistered`, `registering`, `registered`, `tokenValid`, `expiring`, `credentialsLost`, `revoked`, with
 * `requesting`/`backoff` sub-states where requests are made. Every async result arrives as a named event; every
 * timer is an `after` with a named delay (`retryDelay`, `refreshAt`, `hardExpiry`) computed from context.
 *
 * Its actors are inert placeholders, so this export is for drawing, inspection and tests; `createDcrClient()` runs
 * it with working actors. Context and events never hold secrets.
 *
 * @example
 * ```ts
 * import { createActor } from 'xstate';
 * import { dcrLifecycleMachine } from '@dcrflow/core';
 *
 * const actor = createActor(dcrLifecycleMachine).start();
 * actor.send({ type: 'STORE.EMPTY', at: Date.now() });
 * actor.getSnapshot().value; // { registering: 'requesting' }
 * ```
 */
export const dcrLifecycleMachine = setup({
  types: {
    context: {} as DcrContext,
    events: {} as DcrEvent,
    input: {} as DcrMachineInput | undefined,
    emitted: {} as DcrEmitted,
    tags: {} as DcrTag,
  },
  actors: {
    loadStore: inert<LoadStoreInput>(),
    registerClient: inert<RegisterClientInput>(),
    requestToken: inert<RequestTokenInput>(),
    recordLoss: inert<RecordLossInput>(),
    syncStore: inert<SyncStoreInput>(),
  },
  delays: {
    /** Until the backoff sub-state retries. */
    retryDelay: ({ context }) => clampDelay((context.retryAt ?? context.now) - context.now),
    /** Until the token enters its refresh lead (tokenValid → expiring). */
    refreshAt: ({ context }) => clampDelay((context.token?.refreshAt ?? context.now) - context.now),
    /** Until the token is no longer usable (expiring → registered). */
    hardExpiry: ({ context }) => clampDelay((context.token?.expiresAt ?? context.now) - context.now),
  },
  guards: {
    /** The stored token is still usable now (its refresh lead may have begun: tokenValid then moves on at once). */
    storedTokenUsable: ({ event }) =>
      event.type === 'STORE.LOADED' && event.token !== null && event.token.expiresAt > event.at,
    hasSoftwareStatement: ({ context }) => context.hasSoftwareStatement,
    isRevocation: ({ event }) => 'failure' in event && event.failure === 'revoked',
    isCredentialsRejection: ({ event }) => 'failure' in event && event.failure === 'credentials',
    /** New credentials after a loss: the user must re-authenticate (DCR FAQ). */
    reauthenticationPending: ({ context }) => context.reauthenticationPending,
    /** A peer replaced the credentials this instance used: same consequence as a loss. */
    credentialsReplaced: ({ context, event }) =>
      (event.type === 'TOKEN.SUCCEEDED' || event.type === 'STORE.TOKEN_FOUND') &&
      event.credentials !== null &&
      context.clientId !== null &&
      event.credentials.clientId !== context.clientId,
    tokenExpired,
    retryPending,
    tokenExpiredWhileRetryPending: (args) => tokenExpired(args) && retryPending(args),
    currentTokenRejectedWhileRetryPending: (args) => isCurrentToken(args) && retryPending(args),
    refreshDue: ({ context, event }) => 'at' in event && context.token !== null && event.at >= context.token.refreshAt,
    isCurrentToken,
    isCurrentClient: ({ context, event }) =>
      event.type === 'CREDENTIALS.REJECTED' && context.clientId !== null && event.clientId === context.clientId,
    /** A platform signal (online, wake…) after a network failure: retry now instead of waiting out the backoff. */
    canRetryEarly: ({ context, event }) =>
      event.type === 'RECHECK' &&
      !context.blocked &&
      context.error?.code === 'transport' &&
      (context.token === null || event.at < context.token.expiresAt),
  },
  actions: {
    setNow: assign({ now: ({ context, event }) => ('at' in event ? event.at : context.now) }),
    // Timer-driven transitions carry no clock reading: the deadline that fired is the best estimate of "now".
    reachRetryAt: assign({ now: ({ context }) => Math.max(context.now, context.retryAt ?? context.now) }),
    reachRefreshAt: assign({ now: ({ context }) => Math.max(context.now, context.token?.refreshAt ?? context.now) }),
    reachHardExpiry: assign({ now: ({ context }) => Math.max(context.now, context.token?.expiresAt ?? context.now) }),
    adoptCredentials: assign(({ context, event }) => {
      if (event.type !== 'STORE.LOADED' && event.type !== 'REGISTER.SUCCEEDED') return {};
      return {
        now: event.at,
        clientId: event.credentials.clientId,
        secretFingerprint: event.credentials.secretFingerprint,
        issuedAt: event.credentials.issuedAt,
        token: event.type === 'STORE.LOADED' ? event.token : context.token,
      };
    }),
    adoptToken: assign(({ context, event }) => {
      if (event.type !== 'TOKEN.SUCCEEDED' && event.type !== 'STORE.TOKEN_FOUND') return {};
      const credentials = event.credentials ?? {
        clientId: context.clientId,
        secretFingerprint: context.secretFingerprint,
        issuedAt: context.issuedAt,
      };
      return { now: event.at, token: event.token, ...credentials };
    }),
    clearFailures: assign({ attempt: 0, retryAt: null, error: null, blocked: false }),
    recordWarning: assign({
      error: ({ context, event }) =>
        (event.type === 'TOKEN.SUCCEEDED' || event.type === 'LOSS.RECORDED') && event.warning !== null
          ? event.warning
          : context.error,
    }),
    recordError: assign({
      error: ({ context, event }): ErrorInfo | null => ('error' in event ? event.error : context.error),
    }),
    scheduleRetry: assign(({ context, event }) => {
      if (event.type !== 'STORE.FAILED' && event.type !== 'REGISTER.FAILED' && event.type !== 'TOKEN.FAILED') return {};
      const kind = retryKindOf(event);
      const delay = retryDelay({
        attempt: context.attempt,
        kind,
        retryAfterMs: event.retryAfterMs,
        policy: context.retryPolicy,
        random: () => event.jitter,
      });
      return {
        now: event.at,
        attempt: context.attempt + 1,
        retryAt: event.at + delay,
        error: event.error,
        blocked: kind === 'blocked',
      };
    }),
    dropToken: assign({ token: null }),
    /** Entering credentialsLost or revoked: the current credentials are dead; remember whose they were. */
    retireCredentials: assign(({ context }) => ({
      staleClientId: context.clientId ?? context.staleClientId,
      reauthenticationPending: context.reauthenticationPending || context.clientId !== null,
      clientId: null,
      secretFingerprint: null,
      issuedAt: null,
      token: null,
      attempt: 0,
      retryAt: null,
      blocked: false,
    })),
    /** A loss detected from the store (nothing running knew the old id): still a loss for the user. */
    markLoss: assign({ reauthenticationPending: true }),
    clearIdentity: assign({
      clientId: null,
      secretFingerprint: null,
      issuedAt: null,
      token: null,
      purgeRequested: false,
    }),
    announceReauthentication: emit(({ context, event }) => ({
      type: 'reauthenticationRequired' as const,
      clientId:
        event.type === 'REGISTER.SUCCEEDED' || event.type === 'TOKEN.SUCCEEDED' || event.type === 'STORE.TOKEN_FOUND'
          ? (event.credentials?.clientId ?? context.clientId ?? '')
          : (context.clientId ?? ''),
      previousClientId: context.staleClientId ?? context.clientId,
    })),
    settleReauthentication: assign({ reauthenticationPending: false, staleClientId: null }),
    announceRevocation: emit(({ context }) => ({ type: 'revoked' as const, error: context.error })),
    noteStatement: assign({ hasSoftwareStatement: true }),
    /**
     * A peer changed the shared store: (re)start one `syncStore` child that re-reads it and reports only what to
     * adopt. A child rather than a sub-state, so `tokenValid` and `revoked` keep serving / refusing as they are, and
     * a backoff keeps its timer: nothing to adopt means no event and no transition at all.
     */
    startStoreSync: enqueueActions(({ enqueue, context, event }) => {
      enqueue.stopChild(STORE_SYNC_ID);
      enqueue.spawnChild('syncStore', {
        id: STORE_SYNC_ID,
        input: {
          clientId: context.clientId,
          staleClientId: context.staleClientId,
          tokenExpiresAt: context.token?.expiresAt ?? null,
          deleted: event.type === 'STORE.CHANGED' && event.change === 'deleted',
        },
      });
    }),
    /** Leaving the state that started a sync: its result must never reach another state. */
    stopStoreSync: stopChild(STORE_SYNC_ID),
    prepareReset: assign(({ context, event }) => ({
      ...initialContext({
        refreshLeadSeconds: context.refreshLeadSeconds,
        retryPolicy: context.retryPolicy,
        hasSoftwareStatement: context.hasSoftwareStatement,
        now: 'at' in event ? event.at : context.now,
      }),
      purgeRequested: true,
    })),
  },
}).createMachine({
  id: 'dcr',
  context: ({ input }) => initialContext(input),
  initial: 'loading',
  on: {
    RESET: { target: '.loading', reenter: true, actions: 'prepareReset' },
  },
  states: {
    loading: {
      description: 'Reading the credential store.',
      initial: 'reading',
      states: {
        reading: {
          invoke: { src: 'loadStore', input: ({ context }) => ({ purge: context.purgeRequested }) },
          on: {
            'STORE.LOADED': [
              {
                guard: 'storedTokenUsable',
                target: '#dcr.tokenValid',
                actions: ['adoptCredentials', 'clearFailures'],
              },
              { target: '#dcr.registered', actions: ['adoptCredentials', 'dropToken', 'clearFailures'] },
            ],
            'STORE.EMPTY': startOver('#dcr.unregistered'),
            'STORE.LOST': { target: '#dcr.credentialsLost', actions: ['setNow', 'markLoss', 'clearFailures'] },
            'STORE.CORRUPT': { target: '#dcr.credentialsLost', actions: ['setNow', 'markLoss', 'recordError'] },
            'STORE.FAILED': { target: 'backoff', actions: 'scheduleRetry' },
          },
        },
        backoff: backoff('reading', {
          // A peer just wrote the store, so it works again: read now (no network involved).
          'STORE.CHANGED': { target: 'reading', actions: 'setNow' },
        }),
      },
    },
    unregistered: {
      description: 'No credentials yet; registers as soon as a software statement is available.',
      always: { guard: 'hasSoftwareStatement', target: 'registering' },
      on: { 'STATEMENT.UPDATED': { target: 'registering', actions: ['setNow', 'noteStatement'] } },
    },
    registering: {
      description: 'POST /o/client/register; the credentials are persisted before the machine hears of them.',
      initial: 'requesting',
      exit: 'stopStoreSync',
      on: {
        // A peer stored credentials and a token (it registered first, or with a new statement): adopt both.
        'STORE.CHANGED': syncWithStore,
        'STORE.TOKEN_FOUND': tokenArrived('#dcr.tokenValid', 'afterLoss'),
      },
      states: {
        requesting: {
          invoke: { src: 'registerClient', input: ({ context }) => ({ staleClientId: context.staleClientId }) },
          on: {
            'REGISTER.SUCCEEDED': [
              {
                guard: 'reauthenticationPending',
                target: '#dcr.registered',
                actions: ['adoptCredentials', 'clearFailures', 'announceReauthentication', 'settleReauthentication'],
              },
              { target: '#dcr.registered', actions: ['adoptCredentials', 'clearFailures'] },
            ],
            'REGISTER.FAILED': [
              { guard: 'isRevocation', target: '#dcr.revoked', actions: ['setNow', 'recordError'] },
              { target: 'backoff', actions: 'scheduleRetry' },
            ],
          },
        },
        backoff: backoff('requesting'),
      },
    },
    registered: {
      description: 'Credentials, no usable token: POST /o/client/token with the stored credentials.',
      initial: 'requesting',
      exit: 'stopStoreSync',
      on: {
        'CREDENTIALS.REJECTED': credentialsRejected,
        // A peer stored a token; `requesting` also gets one from its own actor when a peer's is in the store.
        'STORE.CHANGED': syncWithStore,
        'STORE.TOKEN_FOUND': tokenArrived('#dcr.tokenValid', 'onReplacement'),
        // A peer reset: the same as reading an empty store — a first run, not a loss.
        'STORE.EMPTY': startOver('unregistered'),
      },
      states: {
        requesting: {
          invoke: {
            src: 'requestToken',
            input: ({ context }) => ({ clientId: context.clientId, purpose: 'obtain' as const }),
          },
          // On this sub-state, not its parent: the inspector animates the `registered.requesting → tokenValid` edge.
          on: {
            'TOKEN.SUCCEEDED': tokenArrived('#dcr.tokenValid', 'onReplacement', { recordWarning: true }),
            'TOKEN.FAILED': tokenFailed('backoff'),
          },
        },
        backoff: backoff('requesting'),
      },
    },
    tokenValid: {
      description: 'A usable token; refreshes proactively when its refresh lead begins.',
      tags: 'serving',
      after: { refreshAt: { target: 'expiring', actions: 'reachRefreshAt' } },
      exit: 'stopStoreSync',
      on: {
        RECHECK: [
          { guard: 'tokenExpired', target: 'registered', actions: ['setNow', 'dropToken'] },
          { guard: 'refreshDue', target: 'expiring', actions: 'setNow' },
          // Re-entering recomputes the refresh timer from the fresh clock reading (timers drift across sleep).
          { target: 'tokenValid', reenter: true, actions: 'setNow' },
        ],
        'TOKEN.REJECTED': { guard: 'isCurrentToken', target: 'registered', actions: ['setNow', 'dropToken'] },
        'CREDENTIALS.REJECTED': credentialsRejected,
        // A peer refreshed (or replaced the credentials): serve its token now; re-entering re-arms `refreshAt`.
        'STORE.CHANGED': syncWithStore,
        'STORE.TOKEN_FOUND': tokenArrived('tokenValid', 'onReplacement', { reenter: true }),
        'STORE.EMPTY': startOver('unregistered'),
      },
    },
    expiring: {
      description: 'The token is still usable; refreshing with the stored credentials (never re-registering).',
      tags: 'serving',
      initial: 'refreshing',
      // Leaving with a retry still scheduled (a 429 or a failure whose backoff outlasts the token) goes to
      // registered's backoff, not straight to a request: the wait after a 429 is at least 1 s whatever expires.
      after: {
        hardExpiry: [
          { guard: 'retryPending', target: '#dcr.registered.backoff', actions: ['reachHardExpiry', 'dropToken'] },
          { target: 'registered', actions: ['reachHardExpiry', 'dropToken'] },
        ],
      },
      exit: 'stopStoreSync',
      on: {
        RECHECK: [
          {
            guard: 'tokenExpiredWhileRetryPending',
            target: '#dcr.registered.backoff',
            actions: ['setNow', 'dropToken'],
          },
          { guard: 'tokenExpired', target: 'registered', actions: ['setNow', 'dropToken'] },
        ],
        'TOKEN.REJECTED': [
          {
            guard: 'currentTokenRejectedWhileRetryPending',
            target: '#dcr.registered.backoff',
            actions: ['setNow', 'dropToken'],
          },
          { guard: 'isCurrentToken', target: 'registered', actions: ['setNow', 'dropToken'] },
        ],
        'CREDENTIALS.REJECTED': credentialsRejected,
        // Both sub-states: in `backoff` nothing else would look before the timer; in `refreshing` the request may
        // still be queued on the lock — a peer's token ends it before it is sent.
        'STORE.CHANGED': syncWithStore,
        'STORE.TOKEN_FOUND': tokenArrived('tokenValid', 'onReplacement'),
        'STORE.EMPTY': startOver('unregistered'),
      },
      states: {
        refreshing: {
          invoke: {
            src: 'requestToken',
            input: ({ context }) => ({ clientId: context.clientId, purpose: 'refresh' as const }),
          },
          on: {
            'TOKEN.SUCCEEDED': tokenArrived('#dcr.tokenValid', 'onReplacement', { recordWarning: true }),
            'TOKEN.FAILED': tokenFailed('backoff'),
          },
        },
        backoff: backoff('refreshing'),
      },
    },
    credentialsLost: {
      description:
        'The credentials are gone (cache lost, store corrupt, invalid_client): record the loss, re-register.',
      entry: 'retireCredentials',
      invoke: { src: 'recordLoss', input: ({ context }) => ({ staleClientId: context.staleClientId }) },
      on: { 'LOSS.RECORDED': { target: 'registering', actions: ['setNow', 'recordWarning'] } },
    },
    revoked: {
      description: 'The software statement is revoked or invalid: nothing works until a new statement arrives.',
      tags: 'failed',
      entry: ['retireCredentials', 'announceRevocation'],
      exit: 'stopStoreSync',
      on: {
        'STATEMENT.UPDATED': { target: 'registering', actions: ['setNow', 'noteStatement', 'clearFailures'] },
        // A peer got a new statement accepted and stored other credentials than the retired ones, with a token:
        // adopt them (the sync never adopts `staleClientId`). A peer reset changes nothing here — registering
        // with the rejected statement would only be rejected again; the resetting peer's result arrives next.
        'STORE.CHANGED': syncWithStore,
        'STORE.TOKEN_FOUND': tokenArrived('tokenValid', 'afterLoss'),
      },
    },
  },
});

/**
 * The XState actor type of a running lifecycle machine (what `createActor(dcrLifecycleMachine)` returns).
 *
 * @example
 * ```ts
 * const actor: DcrLifecycleActor = createActor(dcrLifecycleMachine).start();
 * actor.send({ type: 'STORE.EMPTY', at: Date.now() });
 * ```
 */
export type DcrLifecycleActor = ActorRefFrom<typeof dcrLifecycleMachine>;

/**
 * `client.actor`: the running lifecycle actor, to read and observe only. `send` is left out on purpose — an event
 * such as `TOKEN.SUCCEEDED` or `RESET` sent from outside would move the machine past the vault that holds the
 * secrets (a "valid token" the vault does not have, a reset that skips the store); use the client's methods.
 *
 * @example
 * ```ts
 * const actor: DcrReadonlyActor = client.actor;
 * actor.subscribe((snapshot) => console.log(snapshot.value, snapshot.hasTag('serving')));
 * ```
 */
export type DcrReadonlyActor = Pick<DcrLifecycleActor, 'id' | 'sessionId' | 'getSnapshot' | 'subscribe' | 'on'>;

/**
 * A snapshot of the lifecycle machine.
 *
 * @example
 * ```ts
 * const snapshot: DcrLifecycleSnapshot = client.actor.getSnapshot();
 * ```
 */
export type DcrLifecycleSnapshot = SnapshotFrom<typeof dcrLifecycleMachine>;
