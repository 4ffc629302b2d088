import type { FailureKind, FailureVerdict } from '@dcrflow/protocol';
import type { PlatformSignal } from '../ports/PlatformSignals.ts';

export type { FailureKind } from '@dcrflow/protocol';

import type { RetryPolicy } from './retryDelay.ts';

/**
 * Stable codes of the errors the machine records and the client reports through `on('error')`: the failure policy's
 * codes (`DcrErrorCode` of what is thrown, plus `credentials_lost` and `unexpected`) and the store's own.
 * `docs/lifecycle.md` lists what the client does for each.
 *
 * @example
 * ```ts
 * const code: ErrorCode = 'throttled';
 * ```
 */
export type ErrorCode = FailureVerdict['code'] | 'store' | 'store_corrupt';

/**
 * A serialisable error as the machine stores it: never an Error object, never a secret.
 *
 * @example
 * ```ts
 * const error: ErrorInfo = { code: 'throttled', message: 'Token request was throttled (HTTP 429).' };
 * ```
 */
export interface ErrorInfo {
  readonly code: ErrorCode;
  readonly message: string;
}

/**
 * Non-secret facts about the client credentials: the id and a fingerprint of the secret.
 *
 * @example
 * ```ts
 * const meta: CredentialsMeta = { clientId: 'c1', secretFingerprint: '‹redacted:3f2a›', issuedAt: 1700000000000 };
 * ```
 */
export interface CredentialsMeta {
  readonly clientId: string;
  readonly secretFingerprint: string;
  readonly issuedAt: number | null;
}

/**
 * Non-secret facts about the current access token (epoch ms on the client's clock).
 *
 * @example
 * ```ts
 * const meta: TokenMeta = { fingerprint: '‹redacted:9bc1›', tokenType: 'bearer', obtainedAt: 0, refreshAt: 3_300_000, expiresAt: 3_600_000 };
 * ```
 */
export interface TokenMeta {
  readonly fingerprint: string;
  readonly tokenType: string;
  readonly obtainedAt: number;
  readonly refreshAt: number;
  readonly expiresAt: number;
}

/** Fields every failure event carries. `jitter` is the random sample in [0, 1) for the backoff, drawn by the actor. */
interface FailureFields {
  readonly at: number;
  readonly error: ErrorInfo;
  readonly failure: FailureKind;
  readonly retryAfterMs: number | null;
  readonly jitter: number;
}

/**
 * Every event the lifecycle machine accepts. Async results arrive as these named events (so `xstate/graph` can walk
 * the whole chart); `at` is the client clock reading when the event was produced.
 *
 * @example
 * ```ts
 * client.actor.send({ type: 'RECHECK', at: Date.now(), signal: 'online' });
 * ```
 */
export type DcrEvent =
  | {
      readonly type: 'STORE.LOADED';
      readonly at: number;
      readonly credentials: CredentialsMeta;
      readonly token: TokenMeta | null;
    }
  | { readonly type: 'STORE.EMPTY'; readonly at: number }
  | { readonly type: 'STORE.LOST'; readonly at: number }
  | { readonly type: 'STORE.CORRUPT'; readonly at: number; readonly error: ErrorInfo }
  | ({ readonly type: 'STORE.FAILED' } & FailureFields)
  | {
      readonly type: 'REGISTER.SUCCEEDED';
      readonly at: number;
      readonly credentials: CredentialsMeta;
      readonly source: 'server' | 'store';
    }
  | ({ readonly type: 'REGISTER.FAILED' } & FailureFields)
  | {
      /** The token endpoint issued a token (and it was persisted, unless `warning` says otherwise). */
      readonly type: 'TOKEN.SUCCEEDED';
      readonly at: number;
      readonly token: TokenMeta;
      /** Set when the store held other credentials than this instance knew (a peer re-registered): adopted. */
      readonly credentials: CredentialsMeta | null;
      /** A non-fatal problem, e.g. the token could not be persisted. */
      readonly warning: ErrorInfo | null;
    }
  | {
      /**
       * A usable token a peer stored was found (inside the lock before a request, or by the sync after a peer's
       * notice): adopted with zero requests.
       */
      readonly type: 'STORE.TOKEN_FOUND';
      readonly at: number;
      readonly token: TokenMeta;
      /** Set when it belongs to other credentials than this instance knew (a peer re-registered): adopted. */
      readonly credentials: CredentialsMeta | null;
    }
  | ({ readonly type: 'TOKEN.FAILED' } & FailureFields)
  | { readonly type: 'LOSS.RECORDED'; readonly at: number; readonly warning: ErrorInfo | null }
  | { readonly type: 'TOKEN.REJECTED'; readonly at: number; readonly fingerprint: string }
  | { readonly type: 'CREDENTIALS.REJECTED'; readonly at: number; readonly clientId: string }
  | { readonly type: 'STATEMENT.UPDATED'; readonly at: number }
  | { readonly type: 'RECHECK'; readonly at: number; readonly signal: PlatformSignal | 'deadline' }
  | {
      /**
       * A peer said (through `coordinator.subscribe`) that it wrote (`stored`) or deleted (`deleted`, a `reset()`)
       * the shared store: re-read it and adopt what it holds, with zero requests. Carries no secret.
       */
      readonly type: 'STORE.CHANGED';
      readonly at: number;
      readonly change: 'stored' | 'deleted';
    }
  | { readonly type: 'RESET'; readonly at: number };

/**
 * Events the machine emits (`actor.on(type, listener)`); the client forwards them to `client.on`.
 *
 * @example
 * ```ts
 * client.actor.on('reauthenticationRequired', (event) => console.log(event.clientId));
 * ```
 */
export type DcrEmitted =
  | { readonly type: 'reauthenticationRequired'; readonly clientId: string; readonly previousClientId: string | null }
  | { readonly type: 'revoked'; readonly error: ErrorInfo | null };

/**
 * The machine's context: metadata only. Secrets live in the client's closure-held vault, so snapshots, events and
 * inspection streams can be logged or sent to the inspector as they are.
 *
 * @example
 * ```ts
 * const { clientId, token, error } = client.actor.getSnapshot().context;
 * ```
 */
export interface DcrContext {
  readonly clientId: string | null;
  readonly secretFingerprint: string | null;
  readonly issuedAt: number | null;
  readonly token: TokenMeta | null;
  /** The client id this instance held before its credentials were lost or replaced. */
  readonly staleClientId: string | null;
  /** Set by a loss; cleared (and `reauthenticationRequired` emitted) once new credentials are stored. */
  readonly reauthenticationPending: boolean;
  readonly hasSoftwareStatement: boolean;
  /** `reset()` asked the loader to delete the store entry before reading. */
  readonly purgeRequested: boolean;
  /** The clock reading carried by the latest timed event; delays are computed from it. */
  readonly now: number;
  /** Consecutive failures of the current step. */
  readonly attempt: number;
  /** When the backoff sub-state retries (epoch ms). */
  readonly retryAt: number | null;
  readonly error: ErrorInfo | null;
  /** The last failure needs a human (configuration): waiters are rejected while the machine retries at the cap. */
  readonly blocked: boolean;
  readonly refreshLeadSeconds: number | null;
  readonly retryPolicy: RetryPolicy;
}

/**
 * Input of the lifecycle machine.
 *
 * @example
 * ```ts
 * createActor(dcrLifecycleMachine, { input: { refreshLeadSeconds: 60 } });
 * ```
 */
export interface DcrMachineInput {
  readonly refreshLeadSeconds?: number | null | undefined;
  readonly retryPolicy?: Partial<RetryPolicy> | undefined;
  /** Default `true`; without a statement source the machine waits in `unregistered` for `STATEMENT.UPDATED`. */
  readonly hasSoftwareStatement?: boolean | undefined;
  readonly now?: number | undefined;
}

/**
 * What a state means to callers, as tags on the machine's states (`snapshot.hasTag(tag)`), so code outside the
 * machine never lists state names: `serving` — a usable token is being served (`tokenValid`, `expiring`);
 * `retrying` — a backoff sub-state is waiting to retry; `failed` — nothing works until a new software statement
 * (`revoked`).
 *
 * @example
 * ```ts
 * if (client.actor.getSnapshot().hasTag('serving')) console.log('a token is available');
 * ```
 */
export type DcrTag = 'serving' | 'retrying' | 'failed';

/**
 * The top-level state keys (design.md statechart).
 *
 * @example
 * ```ts
 * if (client.state === 'revoked') showBlockedBanner();
 * ```
 */
export type DcrState =
  | 'loading'
  | 'unregistered'
  | 'registering'
  | 'registered'
  | 'tokenValid'
  | 'expiring'
  | 'credentialsLost'
  | 'revoked';
