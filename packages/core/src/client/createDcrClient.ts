import {
  ConfigurationError,
  createDcrHttp,
  DcrError,
  type DcrHttp,
  type ResolvedHttpOptions,
  TransportError,
} from '@dcrflow/protocol';
import { createActor } from 'xstate';
import { attachDeps } from '../actors/depsOf.ts';
import type { LifecycleDeps } from '../actors/LifecycleDeps.ts';
import { credentialsMeta, tokenMeta } from '../actors/storeAccess.ts';
import { systemClock } from '../clock/systemClock.ts';
import { PrivateLock } from '../coordinator/PrivateLock.ts';
import { RevokedError } from '../errors/RevokedError.ts';
import { StoppedError } from '../errors/StoppedError.ts';
import type { DcrLifecycleActor, DcrLifecycleSnapshot, DcrReadonlyActor } from '../machine/dcrLifecycleMachine.ts';
import type { DcrEvent, DcrState, ErrorInfo } from '../machine/types.ts';
import type { Clock } from '../ports/Clock.ts';
import type { Coordinator, CoordinatorMessage } from '../ports/Coordinator.ts';
import type { CredentialStore } from '../ports/CredentialStore.ts';
import type { PlatformSignals } from '../ports/PlatformSignals.ts';
import { type AuthorizedFetchHost, authorizedFetch } from './authorizedFetch.ts';
import { clientLifecycleMachine } from './clientLifecycleMachine.ts';
import type { Hibernation, Sleeper, SleepTicket } from './createHibernation.ts';
import { createVault, type Vault, type VaultToken } from './createVault.ts';
import { EventHub } from './EventHub.ts';
import { fetchOriginPolicy } from './fetchOriginPolicy.ts';
import { startWaiter, type Waiter } from './startWaiter.ts';
import type { AccessToken, DcrClient, DcrClientEventMap, DcrClientOptions } from './types.ts';
import { type ValidatedOptions, validateOptions } from './validateOptions.ts';

// Bundlers define it; declared here rather than through @types/node, which the build does not load.
declare const process: { readonly env: { readonly NODE_ENV?: string } };

/** Lock name shared by every instance that uses the same store through one coordinator. */
const LOCK_NAME = 'dcrflow:lifecycle';

function topState(snapshot: DcrLifecycleSnapshot): DcrState {
  const value = snapshot.value;
  return (typeof value === 'string' ? value : Object.keys(value)[0]) as DcrState;
}

/** The client's listener signatures, by event: the payload and the client that emitted it. */
type ClientListeners = { [K in keyof DcrClientEventMap]: (payload: DcrClientEventMap[K], client: DcrClient) => void };
const CLIENT_EVENTS = ['reauthenticationRequired', 'revoked', 'stateChange', 'error'] as const;

/** The empty cleanup list every client starts with (shared: most clients never get one). */
const noCleanups: ReadonlyArray<() => void> = [];

/**
 * The object `createDcrClient` returns. Its state lives in fields and its logic in prototype methods, not in
 * closures over `createDcrClient`'s scope: a pool keeps thousands of idle clients, and ~14 closures with their
 * shared scope cost more than one object's fields. The public methods are bound once, as own properties, so they
 * keep working when destructured.
 *
 * With a `hibernation` option the client sleeps once it is settled in `tokenValid` and idle: it drops its XState
 * actor (and the actor's deps, timer and the HTTP client) and keeps its vault, its token and the refresh deadline,
 * queued in the hibernation. `wake()` — called by the hibernation's one timer at `refreshAt`, or by any call that
 * needs the machine — starts a fresh actor that adopts the vault's credentials and token as a warm start would
 * (`STORE.LOADED`), without reading the store.
 */
class ClientHandle implements DcrClient, Sleeper {
  readonly getAccessToken: DcrClient['getAccessToken'];
  readonly fetch: DcrClient['fetch'];
  readonly on: DcrClient['on'];
  readonly setSoftwareStatement: DcrClient['setSoftwareStatement'];
  readonly reset: DcrClient['reset'];
  readonly stop: DcrClient['stop'];

  // ---- configuration (only what the client uses, never the validated options object nor its URL) --------------
  private readonly store: CredentialStore;
  private readonly signals: PlatformSignals | undefined;
  private readonly waitTimeoutMs: number;
  private readonly statementSource: ValidatedOptions['softwareStatement'];
  private readonly fetchOption: typeof globalThis.fetch | undefined;
  /** Only a coordinator the app passed can have peers (a default one is private to this client). */
  private readonly peerCoordinator: Coordinator | undefined;
  private readonly baseOrigin: string;
  private readonly fetchOrigins: readonly string[];
  private readonly clock: Clock;
  private readonly httpOptions: ResolvedHttpOptions;
  /** REST API v2 calls want the same X-Device-Info as the DCR calls (dcr-protocol.md §6), encoded once. */
  private readonly deviceInfoHeader: string | undefined;
  private readonly refreshLeadSeconds: number | null;
  private readonly retryPolicy: ValidatedOptions['retryPolicy'];
  private readonly inspect: ValidatedOptions['inspect'];
  private readonly random: () => number;
  private readonly redirectUri: string | undefined;
  private readonly registrationMetadata: Record<string, unknown> | undefined;
  private readonly hibernation: Hibernation | undefined;
  private readonly vault: Vault;
  private readonly events: EventHub<ClientListeners>;

  // ---- state ---------------------------------------------------------------------------------------------------
  /** The running XState actor; `null` while hibernating. */
  private liveActor: DcrLifecycleActor | null;
  /** The live actor's deps (`resumeFromVault` is switched on them while waking). */
  private liveDeps: LifecycleDeps | null = null;
  /** Where this client waits in the hibernation while asleep; `null` while awake. */
  private ticket: SleepTicket | null = null;
  /** Built on the first request only: a client warm-started from its store never sends one while its token is valid. */
  private http: DcrHttp | null = null;
  /** The coordinator the app passed, or a private lock (no peers: nothing to broadcast, no subscription). */
  private readonly coordinator: Coordinator;
  private lastFailure: unknown = null;
  private current: AccessToken | null = null;
  private currentSource: VaultToken | null = null;
  private lastState: DcrState;
  private lastError: ErrorInfo | null = null;
  /** The single flight every concurrent getAccessToken() shares until a token (or a failure) settles it. */
  private pending: Waiter<AccessToken> | null = null;
  private started = false;
  private stopped = false;
  /** `client.actor` was read: someone observes the actor, so it must stay the same one — no more sleeping. */
  private pinned = false;
  private sleepQueued = false;
  /** A wake is replaying the warm start: its `loading` must not show as a state change. */
  private waking = false;
  /** reset() calls waiting on the machine: the client stays awake meanwhile. */
  private waiting = 0;
  // Grown with concat(), which allocates exactly what it holds (push() reserves room for 16 more).
  private cleanups: ReadonlyArray<() => void> = noCleanups;

  constructor(config: ValidatedOptions) {
    this.store = config.store;
    this.signals = config.signals;
    this.waitTimeoutMs = config.waitTimeoutMs;
    this.statementSource = config.softwareStatement;
    this.fetchOption = config.http.fetch;
    this.peerCoordinator = config.coordinator;
    this.baseOrigin = config.baseOrigin;
    this.fetchOrigins = config.fetchOrigins;
    this.clock = config.clock ?? systemClock;
    this.httpOptions = config.http;
    this.deviceInfoHeader = config.http.headers.get('x-device-info')?.[1];
    this.refreshLeadSeconds = config.refreshLeadSeconds;
    this.retryPolicy = config.retryPolicy;
    this.inspect = config.inspect;
    this.random = config.random;
    this.redirectUri = config.redirectUri;
    this.registrationMetadata = config.registrationMetadata;
    this.hibernation = config.hibernation;
    this.coordinator = config.coordinator ?? new PrivateLock();
    this.vault = createVault();
    this.events = new EventHub<ClientListeners>('client', CLIENT_EVENTS);
    this.liveActor = this.createLifecycleActor();
    this.lastState = topState(this.liveActor.getSnapshot());

    this.getAccessToken = this.accessToken.bind(this);
    this.fetch = this.authorizedFetch.bind(this);
    this.on = this.listen.bind(this) as DcrClient['on'];
    this.setSoftwareStatement = this.updateStatement.bind(this);
    this.reset = this.resetClient.bind(this);
    this.stop = this.stopClient.bind(this);
  }

  get state(): DcrState {
    // Hibernating, or stopped (a stopped sleeper read through `client.actor` has a placeholder actor): the last state.
    return this.liveActor === null || this.stopped ? this.lastState : topState(this.liveActor.getSnapshot());
  }

  /** The running actor. Reading it wakes a hibernated client and keeps it awake from then on (it is observed). */
  get actor(): DcrReadonlyActor {
    this.pinned = true;
    return this.awake();
  }

  /** True while the client hibernates: no XState actor, no timer of its own, its token served from memory. */
  get hibernating(): boolean {
    return this.ticket !== null;
  }

  /** The hibernation's timer reached this client's refresh time (or anything else that needs it awake). */
  wake(): void {
    if (this.ticket !== null && !this.stopped) this.awake();
  }

  // ---- the XState actor ----------------------------------------------------------------------------------------

  private createLifecycleActor(): DcrLifecycleActor {
    const actor = createActor(clientLifecycleMachine, {
      input: {
        refreshLeadSeconds: this.refreshLeadSeconds,
        retryPolicy: this.retryPolicy,
        hasSoftwareStatement: true,
        now: this.clock.now(),
      },
      clock: this.clock,
      ...(this.inspect === undefined ? {} : { inspect: this.inspect }),
    });
    const deps: LifecycleDeps = {
      http: () => {
        this.http ??= createDcrHttp(this.httpOptions);
        return this.http;
      },
      store: this.store,
      coordinator: this.coordinator,
      clock: this.clock,
      vault: this.vault,
      random: this.random,
      lockName: LOCK_NAME,
      refreshLeadSeconds: this.refreshLeadSeconds,
      softwareStatement: () => this.resolveSoftwareStatement(),
      redirectUri: this.redirectUri,
      registrationMetadata: this.registrationMetadata,
      onFailure: (error) => {
        this.lastFailure = error;
      },
      resumeFromVault: false,
    };
    // Before start(): the actors' bodies run only once the actor has started, and read these through its system.
    attachDeps(actor.system, deps);
    this.liveDeps = deps;
    // One wildcard listener rather than one per emitted type: each type costs the actor another listener Set.
    actor.on('*', (event) => {
      if (event.type === 'reauthenticationRequired') {
        this.emit('reauthenticationRequired', { clientId: event.clientId, previousClientId: event.previousClientId });
      } else if (event.type === 'revoked') {
        this.emit('revoked', { error: event.error });
      }
    });
    actor.subscribe({
      next: (snapshot) => {
        // A stopped actor of an earlier wake (hibernation) reports nothing any more.
        if (actor === this.liveActor && !this.waking) this.onSnapshot(snapshot);
      },
      error() {
        // The machine has no failing paths; this only guards against a bug turning into an unhandled rejection.
      },
    });
    return actor;
  }

  /** The live actor, waking the client first if it hibernates. */
  private awake(): DcrLifecycleActor {
    if (this.liveActor !== null) return this.liveActor;
    if (this.ticket !== null) this.hibernation?.cancel(this.ticket);
    this.ticket = null;
    const actor = this.createLifecycleActor();
    this.liveActor = actor;
    const credentials = this.vault.credentials;
    const token = this.vault.token;
    if (!this.stopped && (credentials === null || token === null)) {
      // Never expected (a sleeper keeps both), but if the vault were empty, a plain start reads the store instead.
      actor.start();
      return actor;
    }
    if (this.stopped || credentials === null || token === null) {
      // Nothing to resume (a stopped client read through `client.actor`): hand out a stopped actor, quietly and
      // without a store read (an actor that never started would still say `active`).
      this.waking = true;
      this.liveDeps!.resumeFromVault = true;
      actor.start();
      actor.stop();
      this.waking = false;
      return actor;
    }
    // Replay the warm start from memory: `loading` adopts the vault's credentials and token as if read from the store
    // (the token's deadlines come back from its times), then `tokenValid` re-arms the refresh timer — or, at or past
    // `refreshAt`, moves on to `expiring` at once. Observers see a fresh actor start; callers see no state change.
    this.waking = true;
    try {
      this.liveDeps!.resumeFromVault = true;
      actor.start();
      actor.send({
        type: 'STORE.LOADED',
        at: this.clock.now(),
        credentials: credentialsMeta(credentials),
        token: tokenMeta(token, this.refreshLeadSeconds),
      });
    } finally {
      this.liveDeps!.resumeFromVault = false;
      this.waking = false;
    }
    this.onSnapshot(actor.getSnapshot());
    return actor;
  }

  /** Sends an event to the machine, waking a hibernated client first. */
  private send(event: DcrEvent): void {
    this.awake().send(event);
  }

  private emit<K extends keyof DcrClientEventMap>(event: K, payload: DcrClientEventMap[K]): void {
    this.events.emit(event, ...([payload, this] as unknown as Parameters<ClientListeners[K]>));
  }

  private onSnapshot(snapshot: DcrLifecycleSnapshot): void {
    const state = topState(snapshot);
    if (state !== this.lastState) {
      const previous = this.lastState;
      this.lastState = state;
      // Function-form statements are fetched again after a revocation (it may have been rotated).
      if (snapshot.hasTag('failed') && typeof this.statementSource === 'function') this.vault.statement = null;
      this.emit('stateChange', { state, previous });
    }
    const error = snapshot.context.error;
    if (error !== this.lastError) {
      this.lastError = error;
      if (error !== null) this.emit('error', { code: error.code, message: error.message });
    }
    this.current = this.usableToken(snapshot);
    this.settle(snapshot);
    if (this.hibernation !== undefined && !this.sleepQueued && this.canSleep(snapshot)) {
      // After the current XState step and its observers: never stop an actor from inside its own notification.
      this.sleepQueued = true;
      queueMicrotask(() => this.sleepIfIdle());
    }
  }

  // ---- hibernation ---------------------------------------------------------------------------------------------

  /**
   * Settled in `tokenValid` with nothing to remember beyond the vault: no caller waiting, no child running (a store
   * sync), no error or warning, no pending loss to announce. Anything else keeps the actor, which knows more than a
   * warm start from the vault would.
   */
  private canSleep(snapshot: DcrLifecycleSnapshot): boolean {
    const context = snapshot.context;
    return (
      !this.pinned &&
      !this.stopped &&
      this.pending === null &&
      this.waiting === 0 &&
      snapshot.status === 'active' &&
      snapshot.value === 'tokenValid' &&
      context.token !== null &&
      context.error === null &&
      context.staleClientId === null &&
      !context.reauthenticationPending &&
      !context.purgeRequested &&
      Object.keys(snapshot.children).length === 0 &&
      this.vault.credentials !== null &&
      this.vault.pendingCredentials === null &&
      this.vault.token !== null
    );
  }

  private sleepIfIdle(): void {
    this.sleepQueued = false;
    const actor = this.liveActor;
    const hibernation = this.hibernation;
    if (actor === null || hibernation === undefined) return;
    const snapshot = actor.getSnapshot();
    if (!this.canSleep(snapshot)) return;
    const refreshAt = snapshot.context.token!.refreshAt;
    this.liveActor = null;
    this.liveDeps = null;
    // The HTTP client is rebuilt on the next request, from the resolved options the client keeps.
    this.http = null;
    this.ticket = hibernation.sleep(this, refreshAt);
    actor.stop();
  }

  // ---- the token callers see -----------------------------------------------------------------------------------

  private usableToken(snapshot: DcrLifecycleSnapshot): AccessToken | null {
    const token = this.vault.token;
    if (!snapshot.hasTag('serving') || token === null) return null;
    if (token !== this.currentSource) {
      this.currentSource = token;
      this.current = Object.freeze({
        accessToken: token.accessToken,
        tokenType: token.tokenType,
        expiresAt: token.expiresAt,
      });
    }
    return this.current;
  }

  private revokedError(snapshot: DcrLifecycleSnapshot): RevokedError {
    const reason = snapshot.context.error?.message ?? 'The software statement was rejected.';
    return new RevokedError(
      `The client is revoked: ${reason} Supply a new software statement with setSoftwareStatement() or reset().`,
      DcrError.is(this.lastFailure) ? { cause: this.lastFailure } : undefined,
    );
  }

  private blockedError(snapshot: DcrLifecycleSnapshot): DcrError {
    if (DcrError.is(this.lastFailure)) return this.lastFailure;
    return new ConfigurationError(snapshot.context.error?.message ?? 'The client configuration was rejected.');
  }

  private settle(snapshot: DcrLifecycleSnapshot): void {
    const pending = this.pending;
    if (pending === null) return;
    const token = this.usableToken(snapshot);
    if (token !== null && this.clock.now() < token.expiresAt) pending.resolve(token);
    else if (snapshot.status !== 'active') pending.reject(new StoppedError('The DCR client was stopped.'));
    else if (snapshot.hasTag('failed')) pending.reject(this.revokedError(snapshot));
    else if (snapshot.context.blocked && snapshot.hasTag('retrying')) pending.reject(this.blockedError(snapshot));
  }

  private async resolveSoftwareStatement(): Promise<string> {
    const vault = this.vault;
    if (vault.statement !== null) return vault.statement;
    const source = this.statementSource;
    let statement: unknown;
    if (typeof source === 'string') {
      statement = source;
    } else {
      try {
        statement = await source();
      } catch (error) {
        const name = error instanceof Error ? error.name : typeof error;
        throw new ConfigurationError(`The softwareStatement function failed (${name}).`);
      }
    }
    if (typeof statement !== 'string' || statement.trim() === '') {
      throw new ConfigurationError('The softwareStatement function must resolve to a non-empty string.');
    }
    vault.statement = statement;
    return statement;
  }

  /**
   * A peer's store-change notice: unless it is about the version this instance last wrote or read (its own notices
   * come back through the same subscription), the machine re-reads the store and adopts what a peer stored — with
   * zero requests. The notice carries no secret and is checked field by field (it may come from another realm).
   */
  private onPeerNotice(message: CoordinatorMessage): void {
    if (this.stopped || typeof message !== 'object' || message === null) return;
    const { type, version } = message;
    if (type !== 'stored' && type !== 'deleted') return;
    if (version === this.vault.storeVersion) return;
    this.send({ type: 'STORE.CHANGED', at: this.clock.now(), change: type });
  }

  private start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.liveActor?.start();
    const peerCoordinator = this.peerCoordinator;
    if (typeof peerCoordinator?.subscribe === 'function') {
      try {
        const unsubscribe = peerCoordinator.subscribe((message) => this.onPeerNotice(message));
        if (typeof unsubscribe === 'function') this.cleanups = this.cleanups.concat([unsubscribe]);
      } catch {
        // Best effort: without notices, peers' changes are still adopted inside the lock.
      }
    }
    const signals = this.signals;
    if (signals !== undefined) {
      const unsubscribe = signals.subscribe((signal) => {
        if (!this.stopped) this.send({ type: 'RECHECK', at: this.clock.now(), signal });
      });
      if (typeof unsubscribe === 'function') this.cleanups = this.cleanups.concat([unsubscribe]);
    }
  }

  private waitForToken(): Promise<AccessToken> {
    if (this.pending !== null) return this.pending.promise;
    const waitTimeoutMs = this.waitTimeoutMs;
    const waiter = startWaiter<AccessToken>(
      this.clock,
      waitTimeoutMs,
      () => {
        if (DcrError.is(this.lastFailure)) return this.lastFailure;
        const error = this.awake().getSnapshot().context.error;
        return new TransportError(
          `No access token within ${waitTimeoutMs} ms${error === null ? '' : `; last error: ${error.message}`}`,
          { reason: 'timeout', endpoint: 'token' },
        );
      },
      () => {
        if (this.pending === waiter) this.pending = null;
      },
    );
    this.pending = waiter;
    this.settle(this.awake().getSnapshot());
    return waiter.promise;
  }

  private accessToken(): Promise<AccessToken> {
    if (this.stopped) return Promise.reject(new StoppedError('The DCR client is stopped.'));
    if (!this.started) this.start();
    const now = this.clock.now();
    const current = this.current;
    // A hibernated client answers from here too: from memory, no actor, no request, no store read.
    if (current !== null && now < current.expiresAt) return Promise.resolve(current);
    const actor = this.awake();
    const snapshot = actor.getSnapshot();
    // The deadline passed but its timer has not fired yet (sleep, throttled timers): make the machine look now.
    if (this.current !== null) actor.send({ type: 'RECHECK', at: now, signal: 'deadline' });
    if (snapshot.hasTag('failed')) return Promise.reject(this.revokedError(snapshot));
    if (snapshot.context.blocked && snapshot.hasTag('retrying')) return Promise.reject(this.blockedError(snapshot));
    return this.waitForToken();
  }

  // ---- fetch with the token ------------------------------------------------------------------------------------

  private authorizedFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    // The host is built per call, so the client keeps no fetch closure and exposes no `send`.
    const host: AuthorizedFetchHost = {
      fetchOption: this.fetchOption,
      baseOrigin: this.baseOrigin,
      deviceInfoHeader: this.deviceInfoHeader,
      clock: this.clock,
      vault: this.vault,
      assertFetchOrigin: (url) => {
        const origin = new URL(url).origin;
        if (origin === this.baseOrigin || this.fetchOrigins.includes(origin)) return;
        fetchOriginPolicy(this.baseOrigin, this.fetchOrigins)(url);
      },
      getAccessToken: this.getAccessToken,
      send: (event) => this.send(event),
      clientId: () =>
        this.liveActor === null
          ? (this.vault.credentials?.clientId ?? null)
          : this.liveActor.getSnapshot().context.clientId,
    };
    return authorizedFetch(host, input, init);
  }

  // ---- lifecycle -----------------------------------------------------------------------------------------------

  private waitFor(predicate: (snapshot: DcrLifecycleSnapshot) => boolean, what: string): Promise<void> {
    const actor = this.awake();
    const clock = this.clock;
    const waitTimeoutMs = this.waitTimeoutMs;
    this.waiting += 1;
    return new Promise<void>((resolve, reject) => {
      let subscription: { unsubscribe(): void } | undefined;
      const timer = clock.setTimeout(() => {
        subscription?.unsubscribe();
        reject(
          new TransportError(`${what} did not finish within ${waitTimeoutMs} ms.`, {
            reason: 'timeout',
            endpoint: 'store',
          }),
        );
      }, waitTimeoutMs);
      const check = (snapshot: DcrLifecycleSnapshot) => {
        if (snapshot.status !== 'active') {
          clock.clearTimeout(timer);
          subscription?.unsubscribe();
          reject(new StoppedError('The DCR client was stopped.'));
        } else if (predicate(snapshot)) {
          clock.clearTimeout(timer);
          subscription?.unsubscribe();
          resolve();
        }
      };
      subscription = actor.subscribe(check);
      check(actor.getSnapshot());
    }).finally(() => {
      this.waiting -= 1;
      // The machine may have settled while this call held it awake: sleep now if it is idle.
      if (this.liveActor !== null) this.onSnapshot(this.liveActor.getSnapshot());
    });
  }

  private async resetClient(): Promise<void> {
    if (this.stopped) throw new StoppedError('The DCR client is stopped.');
    const vault = this.vault;
    if (typeof this.statementSource === 'function') vault.statement = null;
    if (!this.started) {
      await this.store.delete();
      vault.clearIdentity();
      vault.storeVersion = null;
      this.coordinator.broadcast({ type: 'deleted', version: null, clientId: null });
      return;
    }
    this.lastFailure = null;
    this.send({ type: 'RESET', at: this.clock.now() });
    await this.waitFor((snapshot) => !snapshot.context.purgeRequested, 'Resetting the credential store');
  }

  private stopClient(): void {
    if (this.stopped) return;
    this.stopped = true;
    const registered = this.cleanups;
    this.cleanups = noCleanups;
    for (const cleanup of registered) {
      try {
        cleanup();
      } catch {
        // Best effort.
      }
    }
    if (this.ticket !== null) this.hibernation?.cancel(this.ticket);
    this.ticket = null;
    if (this.started) this.liveActor?.stop();
    this.pending?.reject(new StoppedError('The DCR client was stopped.'));
  }

  private updateStatement(softwareStatement: string): void {
    if (typeof softwareStatement !== 'string' || softwareStatement.trim() === '') {
      throw ConfigurationError.forOption(
        'softwareStatement',
        process.env.NODE_ENV !== 'production' && 'setSoftwareStatement expects a non-empty software statement string.',
      );
    }
    if (this.stopped) throw new StoppedError('The DCR client is stopped.');
    this.vault.statement = softwareStatement;
    if (this.started) this.send({ type: 'STATEMENT.UPDATED', at: this.clock.now() });
  }

  private listen<K extends keyof DcrClientEventMap>(
    event: K,
    listener: (payload: DcrClientEventMap[K], client: DcrClient) => void,
  ): () => void {
    return this.events.on(event, listener as ClientListeners[K]);
  }
}

/**
 * Creates a DCR client (design.md "Public API"): it registers once, persists the credentials, obtains tokens with
 * them, refreshes proactively, and handles every consequence listed in the Adobe DCR FAQ — lost credentials,
 * revocation, throttling — through the lifecycle machine. Nothing happens until the first `getAccessToken()` or
 * `fetch()`. Works in browsers, Node, Deno, Bun and workers (fetch + timers only).
 *
 * @example
 * ```ts
 * import { createDcrClient, memoryStore } from '@dcrflow/core';
 *
 * const client = createDcrClient({
 *   baseUrl: 'https://sp.auth.adobe.com',
 *   softwareStatement: process.env.SOFTWARE_STATEMENT!,
 *   store: memoryStore(),
 * });
 * client.on('reauthenticationRequired', () => askUserToSignInAgain());
 * const { accessToken } = await client.getAccessToken();
 * ```
 */
export function createDcrClient(options: DcrClientOptions): DcrClient {
  // Validated once, here, so bad options fail at construction; the HTTP client is built from the resolved HTTP
  // options on the first request only: a client warm-started from its store never sends one while its token is
  // valid (the `part-http` row of the memory bench).
  return new ClientHandle(validateOptions(options));
}
