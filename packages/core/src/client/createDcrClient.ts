import {
  ConfigurationError,
  createDcrHttp,
  DcrError,
  type DcrHttp,
  type DcrHttpOptions,
  resolveHttpOptions,
  TransportError,
} from '@dcrflow/protocol';
import { createActor } from 'xstate';
import { attachDeps } from '../actors/depsOf.ts';
import { systemClock } from '../clock/systemClock.ts';
import { inProcessCoordinator } from '../coordinator/inProcessCoordinator.ts';
import { RevokedError } from '../errors/RevokedError.ts';
import { StoppedError } from '../errors/StoppedError.ts';
import type { DcrLifecycleActor, DcrLifecycleSnapshot, DcrReadonlyActor } from '../machine/dcrLifecycleMachine.ts';
import type { DcrState, ErrorInfo } from '../machine/types.ts';
import type { CoordinatorMessage } from '../ports/Coordinator.ts';
import { assertRuntimeSupport } from './assertRuntimeSupport.ts';
import { clientLifecycleMachine } from './clientLifecycleMachine.ts';
import { createAuthorizedFetch } from './createAuthorizedFetch.ts';
import { createVault, type VaultToken } from './createVault.ts';
import { EventHub } from './EventHub.ts';
import { fetchOriginPolicy } from './fetchOriginPolicy.ts';
import { startWaiter, type Waiter } from './startWaiter.ts';
import type { AccessToken, DcrClient, DcrClientEventMap, DcrClientOptions } from './types.ts';
import { validateOptions } from './validateOptions.ts';

// Bundlers define it; declared here rather than through @types/node, which the build does not load.
declare const process: { readonly env: { readonly NODE_ENV?: string } };

/** Lock name shared by every instance that uses the same store through one coordinator. */
const LOCK_NAME = 'dcrflow:lifecycle';

function topState(snapshot: DcrLifecycleSnapshot): DcrState {
  const value = snapshot.value;
  return (typeof value === 'string' ? value : Object.keys(value)[0]) as DcrState;
}

/** The client's listener signatures, by event. */
type ClientListeners = { [K in keyof DcrClientEventMap]: (payload: DcrClientEventMap[K]) => void };
const CLIENT_EVENTS = ['reauthenticationRequired', 'revoked', 'stateChange', 'error'] as const;

type ClientMethods = Pick<DcrClient, 'getAccessToken' | 'fetch' | 'on' | 'setSoftwareStatement' | 'reset' | 'stop'>;

/**
 * The object `createDcrClient` returns. A class only so that `state` can be a prototype getter: an accessor in an
 * object literal puts every client object in dictionary mode, ~500 bytes more per client (pools keep thousands).
 * The methods stay own properties (closures), so they keep working when destructured.
 */
class ClientHandle implements DcrClient {
  readonly getAccessToken: DcrClient['getAccessToken'];
  readonly fetch: DcrClient['fetch'];
  readonly on: DcrClient['on'];
  readonly actor: DcrReadonlyActor;
  readonly setSoftwareStatement: DcrClient['setSoftwareStatement'];
  readonly reset: DcrClient['reset'];
  readonly stop: DcrClient['stop'];

  constructor(methods: ClientMethods, actor: DcrLifecycleActor) {
    this.getAccessToken = methods.getAccessToken;
    this.fetch = methods.fetch;
    this.on = methods.on;
    this.actor = actor;
    this.setSoftwareStatement = methods.setSoftwareStatement;
    this.reset = methods.reset;
    this.stop = methods.stop;
  }

  get state(): DcrState {
    return topState(this.actor.getSnapshot());
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
  assertRuntimeSupport();
  const config = validateOptions(options);
  // The closures below capture only the options they use, never `config` itself (nor its URL object).
  const { store, signals, waitTimeoutMs, softwareStatement: statementSource, fetch: fetchOption } = config;
  const peerCoordinator = config.coordinator;
  const baseOrigin = config.baseUrl.origin;
  const assertFetchOrigin = fetchOriginPolicy(config.baseUrl, config.fetchOrigins);
  const clock = config.clock ?? systemClock;
  const coordinator = config.coordinator ?? inProcessCoordinator();
  const vault = createVault();
  const statementIsFunction = typeof config.softwareStatement === 'function';

  const httpOptions: DcrHttpOptions = {
    baseUrl: config.baseUrl.href,
    ...(config.fetch === undefined ? {} : { fetch: config.fetch }),
    ...(config.deviceInfo === undefined ? {} : { deviceInfo: config.deviceInfo }),
    ...(config.userAgent === undefined ? {} : { userAgent: config.userAgent }),
    ...(config.forwardedFor === undefined ? {} : { forwardedFor: config.forwardedFor }),
    ...(config.endpoints === undefined ? {} : { endpoints: config.endpoints }),
    ...(config.tokenAuthMethod === undefined ? {} : { tokenAuthMethod: config.tokenAuthMethod }),
    ...(config.requestTimeoutMs === undefined ? {} : { timeoutMs: config.requestTimeoutMs }),
  };
  // Validated once, here, so bad HTTP options fail at construction; the ky instance is built on the first request
  // only: a client warm-started from its store never sends one while its token is valid (~1.7 KB per client).
  const resolved = resolveHttpOptions(httpOptions);
  let http: DcrHttp | null = null;
  // REST API v2 calls want the same X-Device-Info as the DCR calls (dcr-protocol.md §6), encoded once.
  const deviceInfoHeader = resolved.headers.get('x-device-info')?.[1];

  let lastFailure: unknown = null;

  async function resolveSoftwareStatement(): Promise<string> {
    if (vault.statement !== null) return vault.statement;
    const source = statementSource;
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

  const actor = createActor(clientLifecycleMachine, {
    input: {
      refreshLeadSeconds: config.refreshLeadSeconds,
      retryPolicy: config.retryPolicy,
      hasSoftwareStatement: true,
      now: clock.now(),
    },
    clock,
    ...(config.inspect === undefined ? {} : { inspect: config.inspect }),
  });
  // Before start(): the actors' bodies run only once the actor has started, and read these through its system.
  attachDeps(actor.system, {
    http: () => {
      http ??= createDcrHttp(httpOptions);
      return http;
    },
    store,
    coordinator,
    clock,
    vault,
    random: config.random,
    lockName: LOCK_NAME,
    refreshLeadSeconds: config.refreshLeadSeconds,
    softwareStatement: resolveSoftwareStatement,
    redirectUri: config.redirectUri,
    registrationMetadata: config.registrationMetadata,
    onFailure: (error) => {
      lastFailure = error;
    },
  });

  // ---- events -------------------------------------------------------------------------------------------------
  const events = new EventHub<ClientListeners>('client', CLIENT_EVENTS);
  // One wildcard listener rather than one per emitted type: each type costs the actor another listener Set.
  actor.on('*', (event) => {
    if (event.type === 'reauthenticationRequired') {
      events.emit('reauthenticationRequired', { clientId: event.clientId, previousClientId: event.previousClientId });
    } else if (event.type === 'revoked') {
      events.emit('revoked', { error: event.error });
    }
  });

  // ---- the token callers see ----------------------------------------------------------------------------------
  let current: AccessToken | null = null;
  let currentSource: VaultToken | null = null;
  let lastState: DcrState = topState(actor.getSnapshot());
  let lastError: ErrorInfo | null = null;
  /** The single flight every concurrent getAccessToken() shares until a token (or a failure) settles it. */
  let pending: Waiter<AccessToken> | null = null;
  let started = false;
  let stopped = false;
  // Grown with concat(), which allocates exactly what it holds (push() reserves room for 16 more).
  let cleanups: ReadonlyArray<() => void> = [];

  function usableToken(snapshot: DcrLifecycleSnapshot): AccessToken | null {
    const token = vault.token;
    if (!snapshot.hasTag('serving') || token === null) return null;
    if (token !== currentSource) {
      currentSource = token;
      current = Object.freeze({
        accessToken: token.accessToken,
        tokenType: token.tokenType,
        expiresAt: token.expiresAt,
      });
    }
    return current;
  }

  function revokedError(snapshot: DcrLifecycleSnapshot): RevokedError {
    const reason = snapshot.context.error?.message ?? 'The software statement was rejected.';
    return new RevokedError(
      `The client is revoked: ${reason} Supply a new software statement with setSoftwareStatement() or reset().`,
      DcrError.is(lastFailure) ? { cause: lastFailure } : undefined,
    );
  }

  function blockedError(snapshot: DcrLifecycleSnapshot): DcrError {
    if (DcrError.is(lastFailure)) return lastFailure;
    return new ConfigurationError(snapshot.context.error?.message ?? 'The client configuration was rejected.');
  }

  function settle(snapshot: DcrLifecycleSnapshot) {
    if (pending === null) return;
    const token = usableToken(snapshot);
    if (token !== null && clock.now() < token.expiresAt) return pending.resolve(token);
    if (snapshot.status !== 'active') return pending.reject(new StoppedError('The DCR client was stopped.'));
    if (snapshot.hasTag('failed')) return pending.reject(revokedError(snapshot));
    if (snapshot.context.blocked && snapshot.hasTag('retrying')) return pending.reject(blockedError(snapshot));
  }

  actor.subscribe({
    next(snapshot) {
      const state = topState(snapshot);
      if (state !== lastState) {
        const previous = lastState;
        lastState = state;
        // Function-form statements are fetched again after a revocation (it may have been rotated).
        if (snapshot.hasTag('failed') && statementIsFunction) vault.statement = null;
        events.emit('stateChange', { state, previous });
      }
      const error = snapshot.context.error;
      if (error !== lastError) {
        lastError = error;
        if (error !== null) events.emit('error', { code: error.code, message: error.message });
      }
      current = usableToken(snapshot);
      settle(snapshot);
    },
    error() {
      // The machine has no failing paths; this only guards against a bug turning into an unhandled rejection.
    },
  });

  /**
   * A peer's store-change notice: unless it is about the version this instance last wrote or read (its own notices
   * come back through the same subscription), the machine re-reads the store and adopts what a peer stored — with
   * zero requests. The notice carries no secret and is checked field by field (it may come from another realm).
   */
  function onPeerNotice(message: CoordinatorMessage) {
    if (stopped || typeof message !== 'object' || message === null) return;
    const { type, version } = message;
    if (type !== 'stored' && type !== 'deleted') return;
    if (version === vault.storeVersion) return;
    actor.send({ type: 'STORE.CHANGED', at: clock.now(), change: type });
  }

  function start() {
    if (started || stopped) return;
    started = true;
    actor.start();
    // Only a coordinator the app passed can have peers (the default one is private to this client).
    if (typeof peerCoordinator?.subscribe === 'function') {
      try {
        const unsubscribe = peerCoordinator.subscribe(onPeerNotice);
        if (typeof unsubscribe === 'function') cleanups = cleanups.concat([unsubscribe]);
      } catch {
        // Best effort: without notices, peers' changes are still adopted inside the lock.
      }
    }
    if (signals !== undefined) {
      const unsubscribe = signals.subscribe((signal) => {
        if (!stopped) actor.send({ type: 'RECHECK', at: clock.now(), signal });
      });
      if (typeof unsubscribe === 'function') cleanups = cleanups.concat([unsubscribe]);
    }
  }

  function waitForToken(): Promise<AccessToken> {
    if (pending !== null) return pending.promise;
    const waiter = startWaiter<AccessToken>(
      clock,
      waitTimeoutMs,
      () => {
        if (DcrError.is(lastFailure)) return lastFailure;
        const error = actor.getSnapshot().context.error;
        return new TransportError(
          `No access token within ${waitTimeoutMs} ms${error === null ? '' : `; last error: ${error.message}`}`,
          { reason: 'timeout', endpoint: 'token' },
        );
      },
      () => {
        if (pending === waiter) pending = null;
      },
    );
    pending = waiter;
    settle(actor.getSnapshot());
    return waiter.promise;
  }

  function getAccessToken(): Promise<AccessToken> {
    if (stopped) return Promise.reject(new StoppedError('The DCR client is stopped.'));
    if (!started) start();
    const now = clock.now();
    if (current !== null && now < current.expiresAt) return Promise.resolve(current);
    const snapshot = actor.getSnapshot();
    // The deadline passed but its timer has not fired yet (sleep, throttled timers): make the machine look now.
    if (current !== null) actor.send({ type: 'RECHECK', at: now, signal: 'deadline' });
    if (snapshot.hasTag('failed')) return Promise.reject(revokedError(snapshot));
    if (snapshot.context.blocked && snapshot.hasTag('retrying')) return Promise.reject(blockedError(snapshot));
    return waitForToken();
  }

  // ---- fetch with the token -----------------------------------------------------------------------------------
  const authorizedFetch = createAuthorizedFetch({
    fetch: fetchOption,
    baseOrigin,
    assertFetchOrigin,
    deviceInfoHeader,
    getAccessToken,
    actor,
    clock,
    vault,
  });

  // ---- lifecycle ----------------------------------------------------------------------------------------------
  function waitFor(predicate: (snapshot: DcrLifecycleSnapshot) => boolean, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
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
    });
  }

  async function reset(): Promise<void> {
    if (stopped) throw new StoppedError('The DCR client is stopped.');
    if (statementIsFunction) vault.statement = null;
    if (!started) {
      await store.delete();
      vault.clearIdentity();
      vault.storeVersion = null;
      coordinator.broadcast({ type: 'deleted', version: null, clientId: null });
      return;
    }
    lastFailure = null;
    actor.send({ type: 'RESET', at: clock.now() });
    await waitFor((snapshot) => !snapshot.context.purgeRequested, 'Resetting the credential store');
  }

  function stop() {
    if (stopped) return;
    stopped = true;
    const registered = cleanups;
    cleanups = [];
    for (const cleanup of registered) {
      try {
        cleanup();
      } catch {
        // Best effort.
      }
    }
    if (started) actor.stop();
    pending?.reject(new StoppedError('The DCR client was stopped.'));
  }

  function setSoftwareStatement(softwareStatement: string) {
    if (typeof softwareStatement !== 'string' || softwareStatement.trim() === '') {
      throw ConfigurationError.forOption(
        'softwareStatement',
        process.env.NODE_ENV !== 'production' && 'setSoftwareStatement expects a non-empty software statement string.',
      );
    }
    if (stopped) throw new StoppedError('The DCR client is stopped.');
    vault.statement = softwareStatement;
    if (started) actor.send({ type: 'STATEMENT.UPDATED', at: clock.now() });
  }

  const on: DcrClient['on'] = (event, listener) => events.on(event, listener as ClientListeners[typeof event]);

  return new ClientHandle({ getAccessToken, fetch: authorizedFetch, on, setSoftwareStatement, reset, stop }, actor);
}
