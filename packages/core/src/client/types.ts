import type { DeviceInfo } from '@dcrflow/protocol';
import type { InspectionEvent, Observer } from 'xstate';
import type { DcrReadonlyActor } from '../machine/dcrLifecycleMachine.ts';
import type { RetryPolicy } from '../machine/retryDelay.ts';
import type { DcrState, ErrorInfo } from '../machine/types.ts';
import type { Clock } from '../ports/Clock.ts';
import type { Coordinator } from '../ports/Coordinator.ts';
import type { CredentialStore } from '../ports/CredentialStore.ts';
import type { PlatformSignals } from '../ports/PlatformSignals.ts';
import type { Hibernation } from './createHibernation.ts';

/**
 * Options of {@link createDcrClient} (design.md "Public API"). Only `baseUrl`, `softwareStatement` and `store` are
 * required; unknown names are rejected with a `ConfigurationError`.
 *
 * @example
 * ```ts
 * const options: DcrClientOptions = {
 *   baseUrl: 'https://sp.auth.adobe.com',
 *   softwareStatement: async () => (await fetch('/statement')).text(),
 *   store: memoryStore(),
 * };
 * ```
 */
export interface DcrClientOptions {
  /** Host root, e.g. `https://sp.auth.adobe.com` or a simulator URL (http or https). */
  baseUrl: string | URL;
  /** The software statement JWT, or a function returning it (re-invoked after `reset()` and after a revocation). */
  softwareStatement: string | (() => string | Promise<string>);
  /** Where the credentials and token persist (any {@link CredentialStore}). */
  store: CredentialStore;
  /** `X-Device-Info` as an object (validated and encoded) or an already encoded header value. */
  deviceInfo?: DeviceInfo | string;
  redirectUri?: string;
  userAgent?: string;
  /** Server-to-server: the real device's IP for `X-Forwarded-For`. */
  forwardedFor?: string;
  /** Refresh this many seconds before expiry. Default: 20 % of the token lifetime, at most 300 s. */
  refreshLeadSeconds?: number;
  clock?: Clock;
  /**
   * How DCR requests (register, token) are sent. Default: `globalThis.fetch`, looked up at each request. Pass
   * `kyFetch(yourKy)` from `@dcrflow/protocol/ky` to send them through a ky instance and its hooks. `client.fetch()`
   * (your API calls) uses it too.
   */
  fetch?: typeof globalThis.fetch;
  coordinator?: Coordinator;
  /** XState inspection observer, passed to `createActor` (context and events carry no secrets). */
  inspect?: Observer<InspectionEvent> | ((event: InspectionEvent) => void);
  /** Endpoint paths or absolute URLs. Default `/o/client/register`, `/o/client/token`. */
  endpoints?: { register?: string; token?: string };
  /** Extra RFC 7591 client metadata sent with the registration (for other servers). */
  registrationMetadata?: Record<string, unknown>;
  /** How the token request authenticates the client (RFC 6749 §2.3.1). Default `client_secret_post`. */
  tokenAuthMethod?: 'client_secret_post' | 'client_secret_basic';
  /** Platform hints (online, visible, wake) that make the machine re-check its deadlines. */
  signals?: PlatformSignals;
  /** How long `getAccessToken()` waits before rejecting with the last failure. Default 30 000 ms. */
  waitTimeoutMs?: number;
  /** Per-request deadline of DCR requests. Default 10 000 ms. */
  requestTimeoutMs?: number;
  /** Override parts of the backoff policy (base 1 s, factor 2, cap 60 s). */
  retryPolicy?: Partial<RetryPolicy>;
  /** Source of backoff jitter in [0, 1). Default `Math.random`. */
  random?: () => number;
  /**
   * Origins besides the `baseUrl`'s that `client.fetch()` may send the Bearer token to, e.g.
   * `['https://api.auth.adobe.com']`. Each must be https, or http on a loopback host. A request to any other origin
   * is refused with a `ConfigurationError` before a token is attached. Default: none (only the `baseUrl` origin).
   */
  fetchOrigins?: readonly (string | URL)[];
  /**
   * Lets the client hibernate: once settled in `tokenValid` and idle, it drops its XState actor (~4.8 KB of heap)
   * and keeps only its vault and deadlines; `getAccessToken()` answers from memory, and the hibernation's one shared
   * timer wakes it at the token's refresh time. Share one {@link createHibernation} among many clients (a client pool
   * does). Reading `client.actor` wakes the client and keeps it awake. Default: none, the client never sleeps.
   */
  hibernation?: Hibernation;
}

/**
 * What `getAccessToken()` resolves to. The same frozen object is shared by every caller until the token changes.
 *
 * @example
 * ```ts
 * const { accessToken, expiresAt } = await client.getAccessToken();
 * ```
 */
export interface AccessToken {
  readonly accessToken: string;
  /** As the server sent it (Adobe: `bearer`). */
  readonly tokenType: string;
  /** Epoch ms on the client's clock. */
  readonly expiresAt: number;
}

/**
 * Payloads of the client's events.
 *
 * @example
 * ```ts
 * client.on('stateChange', ({ state, previous }) => console.log(`${previous} → ${state}`));
 * ```
 */
export interface DcrClientEventMap {
  /** New credentials replaced lost ones: users tied to the old ones must sign in again (fired once per loss). */
  reauthenticationRequired: { readonly clientId: string; readonly previousClientId: string | null };
  /** The software statement was rejected; the client is in `revoked`. */
  revoked: { readonly error: ErrorInfo | null };
  stateChange: { readonly state: DcrState; readonly previous: DcrState };
  /** Every error the machine records (serialisable, secret-free). */
  error: ErrorInfo;
}

/**
 * A DCR client: one application instance's registration, credentials and tokens.
 *
 * @example
 * ```ts
 * const client = createDcrClient({ baseUrl, softwareStatement, store: memoryStore() });
 * const response = await client.fetch(`${baseUrl}/api/v2/my-sp/configuration`);
 * ```
 */
export interface DcrClient {
  /** A valid access token; single-flight (concurrent callers share one request); starts the client if needed. */
  getAccessToken(): Promise<AccessToken>;
  /**
   * `fetch` with the Bearer header; on a 401 refreshes once and retries once (see docs/lifecycle.md). The input is
   * spelled `string | URL | Request`, not the DOM-only `RequestInfo`, so Node apps type-check without `lib: DOM`.
   */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
  /**
   * Subscribes to a client event; returns the unsubscribe function. The listener also gets the client that emitted,
   * so one listener can serve many clients (a pool forwards every device's events through one).
   */
  on<K extends keyof DcrClientEventMap>(
    event: K,
    listener: (payload: DcrClientEventMap[K], client: DcrClient) => void,
  ): () => void;
  /** The current top-level state key. */
  readonly state: DcrState;
  /**
   * The XState actor running the lifecycle machine, to read and observe (no `send`: events go through the client).
   * On a client with `hibernation`, reading it wakes the client and keeps it awake, so the actor you observe stays
   * the client's actor.
   */
  readonly actor: DcrReadonlyActor;
  /**
   * `true` while the client hibernates (only with the `hibernation` option): settled in `tokenValid` and idle, it
   * holds no XState actor and no timer; `getAccessToken()` answers from memory, and the hibernation wakes it at the
   * token's refresh time or when a call needs the machine. `state` stays `tokenValid` meanwhile.
   */
  readonly hibernating: boolean;
  /** Supplies a new software statement; a `revoked` (or statement-less) client registers with it at once. */
  setSoftwareStatement(softwareStatement: string): void;
  /** Deletes the stored credentials deliberately and starts over as a first run (no `reauthenticationRequired`). */
  reset(): Promise<void>;
  /** Stops the machine; pending and later calls reject with `StoppedError`. */
  stop(): void;
}
