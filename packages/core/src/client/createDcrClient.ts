import {
  ConfigurationError,
  createDcrHttp,
  DcrError,
  encodeDeviceInfo,
  ProtocolError,
  readEnhancedError,
  redact,
  TransportError,
} from '@dcrflow/protocol';
import { createActor } from 'xstate';
import { createLifecycleActors } from '../actors/createLifecycleActors.ts';
import { systemClock } from '../clock/systemClock.ts';
import { inProcessCoordinator } from '../coordinator/inProcessCoordinator.ts';
import { RevokedError } from '../errors/RevokedError.ts';
import { StoppedError } from '../errors/StoppedError.ts';
import { scrubMessage } from '../machine/classifyFailure.ts';
import { type DcrLifecycleSnapshot, dcrLifecycleMachine } from '../machine/dcrLifecycleMachine.ts';
import type { DcrState, ErrorInfo } from '../machine/types.ts';
import type { CoordinatorMessage } from '../ports/Coordinator.ts';
import { createVault, type VaultToken } from './createVault.ts';
import type { AccessToken, DcrClient, DcrClientEventMap, DcrClientOptions } from './types.ts';
import { validateOptions } from './validateOptions.ts';

/** Lock name shared by every instance that uses the same store through one coordinator. */
const LOCK_NAME = 'dcrflow:lifecycle';

/** Enhanced-error evidence that only a new registration helps (dcr-protocol.md §5). */
const REGISTRATION_CODES = new Set(['invalid_access_token_client_application', 'invalid_client_id']);

function topState(snapshot: DcrLifecycleSnapshot): DcrState {
  const value = snapshot.value;
  return (typeof value === 'string' ? value : Object.keys(value)[0]) as DcrState;
}

function inBackoff(snapshot: DcrLifecycleSnapshot): boolean {
  const value = snapshot.value;
  return typeof value === 'object' && Object.values(value).includes('backoff' as never);
}

type Listener<K extends keyof DcrClientEventMap> = (payload: DcrClientEventMap[K]) => void;

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
  const config = validateOptions(options);
  const clock = config.clock ?? systemClock;
  const coordinator = config.coordinator ?? inProcessCoordinator();
  const vault = createVault();
  const statementIsFunction = typeof config.softwareStatement === 'function';

  const http = createDcrHttp({
    baseUrl: config.baseUrl,
    ...(config.fetch === undefined ? {} : { fetch: config.fetch }),
    ...(config.deviceInfo === undefined ? {} : { deviceInfo: config.deviceInfo }),
    ...(config.userAgent === undefined ? {} : { userAgent: config.userAgent }),
    ...(config.forwardedFor === undefined ? {} : { forwardedFor: config.forwardedFor }),
    ...(config.endpoints === undefined ? {} : { endpoints: config.endpoints }),
    ...(config.tokenAuthMethod === undefined ? {} : { tokenAuthMethod: config.tokenAuthMethod }),
    ...(config.requestTimeoutMs === undefined ? {} : { timeoutMs: config.requestTimeoutMs }),
  });
  // REST API v2 calls want the same X-Device-Info as the DCR calls (dcr-protocol.md §6).
  const deviceInfoHeader =
    config.deviceInfo === undefined
      ? undefined
      : typeof config.deviceInfo === 'string'
        ? config.deviceInfo
        : encodeDeviceInfo(config.deviceInfo);

  let lastFailure: unknown = null;

  async function resolveSoftwareStatement(): Promise<string> {
    if (vault.statement !== null) return vault.statement;
    const source = config.softwareStatement;
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

  const machine = dcrLifecycleMachine.provide({
    actors: createLifecycleActors({
      http,
      store: config.store,
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
    }),
  });

  const actor = createActor(machine, {
    input: {
      refreshLeadSeconds: config.refreshLeadSeconds,
      retryPolicy: config.retryPolicy,
      hasSoftwareStatement: true,
      now: clock.now(),
    },
    clock,
    ...(config.inspect === undefined ? {} : { inspect: config.inspect }),
  });

  // ---- events -------------------------------------------------------------------------------------------------
  const listeners = new Map<keyof DcrClientEventMap, Set<Listener<never>>>();
  function emit<K extends keyof DcrClientEventMap>(event: K, payload: DcrClientEventMap[K]) {
    for (const listener of [...(listeners.get(event) ?? [])]) {
      try {
        (listener as Listener<K>)(payload);
      } catch {
        // A throwing listener must not break the client or the other listeners.
      }
    }
  }
  actor.on('reauthenticationRequired', (event) =>
    emit('reauthenticationRequired', { clientId: event.clientId, previousClientId: event.previousClientId }),
  );
  actor.on('revoked', (event) => emit('revoked', { error: event.error }));

  // ---- the token callers see ----------------------------------------------------------------------------------
  let current: AccessToken | null = null;
  let currentSource: VaultToken | null = null;
  let lastState: DcrState = topState(actor.getSnapshot());
  let lastError: ErrorInfo | null = null;
  let pending: {
    promise: Promise<AccessToken>;
    resolve: (t: AccessToken) => void;
    reject: (e: unknown) => void;
  } | null = null;
  let started = false;
  let stopped = false;
  const cleanups: Array<() => void> = [];

  function usableToken(snapshot: DcrLifecycleSnapshot): AccessToken | null {
    const state = topState(snapshot);
    const token = vault.token;
    if ((state !== 'tokenValid' && state !== 'expiring') || token === null) return null;
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
    if (topState(snapshot) === 'revoked') return pending.reject(revokedError(snapshot));
    if (snapshot.context.blocked && inBackoff(snapshot)) return pending.reject(blockedError(snapshot));
  }

  actor.subscribe({
    next(snapshot) {
      const state = topState(snapshot);
      if (state !== lastState) {
        const previous = lastState;
        lastState = state;
        // Function-form statements are fetched again after a revocation (it may have been rotated).
        if (state === 'revoked' && statementIsFunction) vault.statement = null;
        emit('stateChange', { state, previous });
      }
      const error = snapshot.context.error;
      if (error !== lastError) {
        lastError = error;
        if (error !== null) emit('error', { code: error.code, message: error.message });
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
    if (typeof config.coordinator?.subscribe === 'function') {
      try {
        const unsubscribe = config.coordinator.subscribe(onPeerNotice);
        if (typeof unsubscribe === 'function') cleanups.push(unsubscribe);
      } catch {
        // Best effort: without notices, peers' changes are still adopted inside the lock.
      }
    }
    if (config.signals !== undefined) {
      const unsubscribe = config.signals.subscribe((signal) => {
        if (!stopped) actor.send({ type: 'RECHECK', at: clock.now(), signal });
      });
      if (typeof unsubscribe === 'function') cleanups.push(unsubscribe);
    }
  }

  function waitForToken(): Promise<AccessToken> {
    if (pending !== null) return pending.promise;
    let resolve!: (token: AccessToken) => void;
    let reject!: (error: unknown) => void;
    const promise = new Promise<AccessToken>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const timer = clock.setTimeout(() => {
      const error = actor.getSnapshot().context.error;
      entry.reject(
        DcrError.is(lastFailure)
          ? lastFailure
          : new TransportError(
              `No access token within ${config.waitTimeoutMs} ms${error === null ? '' : `; last error: ${error.message}`}`,
              { reason: 'timeout', endpoint: 'token' },
            ),
      );
    }, config.waitTimeoutMs);
    const entry = {
      promise,
      resolve: (token: AccessToken) => {
        clock.clearTimeout(timer);
        if (pending === entry) pending = null;
        resolve(token);
      },
      reject: (error: unknown) => {
        clock.clearTimeout(timer);
        if (pending === entry) pending = null;
        reject(error);
      },
    };
    pending = entry;
    settle(actor.getSnapshot());
    return promise;
  }

  function getAccessToken(): Promise<AccessToken> {
    if (stopped) return Promise.reject(new StoppedError('The DCR client is stopped.'));
    if (!started) start();
    const now = clock.now();
    if (current !== null && now < current.expiresAt) return Promise.resolve(current);
    const snapshot = actor.getSnapshot();
    // The deadline passed but its timer has not fired yet (sleep, throttled timers): make the machine look now.
    if (current !== null) actor.send({ type: 'RECHECK', at: now, signal: 'deadline' });
    if (topState(snapshot) === 'revoked') return Promise.reject(revokedError(snapshot));
    if (snapshot.context.blocked && inBackoff(snapshot)) return Promise.reject(blockedError(snapshot));
    return waitForToken();
  }

  // ---- fetch with the token -----------------------------------------------------------------------------------
  async function authorizedFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    let template: Request;
    try {
      template = new Request(input, init);
    } catch (error) {
      throw new ConfigurationError(
        `client.fetch() got an invalid request (${error instanceof Error ? error.message : String(error)}).`,
      );
    }
    const fetchImpl = config.fetch ?? globalThis.fetch;
    const sameOrigin = new URL(template.url).origin === config.baseUrl.origin;
    const send = (token: AccessToken) => {
      const request = template.clone();
      request.headers.set('authorization', `Bearer ${token.accessToken}`);
      if (sameOrigin && deviceInfoHeader !== undefined && !request.headers.has('x-device-info')) {
        request.headers.set('x-device-info', deviceInfoHeader);
      }
      return fetchImpl(request);
    };

    let token = await getAccessToken();
    let response = await send(token);
    if (response.status !== 401) return response;

    // First 401: the token is invalid — refresh once with the stored credentials, retry once (dcr-protocol.md §5).
    actor.send({ type: 'TOKEN.REJECTED', at: clock.now(), fingerprint: redact(token.accessToken) });
    token = await getAccessToken();
    response = await send(token);
    if (response.status !== 401) return response;

    let evidence = await readEnhancedError(response);
    const registrationProblem =
      evidence !== undefined &&
      (evidence.action === 'application-registration' || REGISTRATION_CODES.has(evidence.code));
    if (registrationProblem) {
      // Second 401 saying the application registration is gone: register again once (costs a re-authentication).
      const clientId = actor.getSnapshot().context.clientId;
      if (clientId !== null) actor.send({ type: 'CREDENTIALS.REJECTED', at: clock.now(), clientId });
      token = await getAccessToken();
      response = await send(token);
      if (response.status !== 401) return response;
      evidence = await readEnhancedError(response);
    }
    const secrets = vault.secrets();
    const code = evidence?.code ?? 'unauthorized';
    throw new ProtocolError(
      scrubMessage(
        `The protected resource kept answering 401 ${code} after a token refresh${registrationProblem ? ' and a new registration' : ''}; giving up.`,
        secrets,
      ),
      {
        status: 401,
        error: code,
        description: evidence?.message === undefined ? undefined : scrubMessage(evidence.message, secrets),
        action: evidence?.action,
        retryAfterSeconds: undefined,
        endpoint: new URL(template.url).pathname,
      },
    );
  }

  // ---- lifecycle ----------------------------------------------------------------------------------------------
  function waitFor(predicate: (snapshot: DcrLifecycleSnapshot) => boolean, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      let subscription: { unsubscribe(): void } | undefined;
      const timer = clock.setTimeout(() => {
        subscription?.unsubscribe();
        reject(
          new TransportError(`${what} did not finish within ${config.waitTimeoutMs} ms.`, {
            reason: 'timeout',
            endpoint: 'store',
          }),
        );
      }, config.waitTimeoutMs);
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
      await config.store.delete();
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
    for (const cleanup of cleanups.splice(0)) {
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
      throw new ConfigurationError('setSoftwareStatement expects a non-empty software statement string.');
    }
    if (stopped) throw new StoppedError('The DCR client is stopped.');
    vault.statement = softwareStatement;
    if (started) actor.send({ type: 'STATEMENT.UPDATED', at: clock.now() });
  }

  function on<K extends keyof DcrClientEventMap>(event: K, listener: Listener<K>): () => void {
    if (!['reauthenticationRequired', 'revoked', 'stateChange', 'error'].includes(event)) {
      throw new ConfigurationError(
        `Unknown client event "${String(event)}"; use reauthenticationRequired, revoked, stateChange or error.`,
      );
    }
    if (typeof listener !== 'function') throw new ConfigurationError('client.on() expects a listener function.');
    let set = listeners.get(event);
    if (set === undefined) {
      set = new Set();
      listeners.set(event, set);
    }
    set.add(listener as Listener<never>);
    return () => {
      set.delete(listener as Listener<never>);
    };
  }

  return {
    getAccessToken,
    fetch: authorizedFetch,
    on,
    get state() {
      return topState(actor.getSnapshot());
    },
    actor,
    setSoftwareStatement,
    reset,
    stop,
  };
}
