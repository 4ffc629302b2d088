import { type CredentialStore, createDcrClient, type DcrClient, memoryStore } from '@dcrflow/core';
import { createInspectorBridge } from '@dcrflow/inspect';
import type { SimulatorKeys } from '@dcrflow/simulator';
import { createSimulator, type FaultSpec, type Simulator, type SimulatorStats } from '@dcrflow/simulator';
import { formatStateValue } from '../model/formatStateValue.ts';
import type { WireEvent } from '../wire/wireTypes.ts';
import { createTeachingClock, type TeachingClock } from './createTeachingClock.ts';

/** The simulated host the sandbox client talks to: requests never reach the network, `simulator.fetch` answers. */
export const SANDBOX_BASE_URL = 'http://dcr-simulator.localhost';
/** Token lifetime in the sandbox: an hour, like Adobe's samples; the refresh lead is then 5 minutes. */
export const SANDBOX_TOKEN_TTL_SECONDS = 3600;

/** How a `getAccessToken()` or API call ended. */
export type CallOutcome = 'ok' | 'revoked' | 'stopped' | 'failed';

/** What the sandbox has seen: the input of every scenario check (DOM-free). */
export interface Observation {
  /** Top-level state key of the current client. */
  readonly state: string;
  /** Current state value, formatted (`registering.backoff`). */
  readonly stateValue: string;
  /** Every distinct state value in order since the last mark (consecutive repeats collapsed). */
  readonly visited: readonly string[];
  /** Simulator counters now, and at the last mark. */
  readonly stats: SimulatorStats;
  readonly statsAtMark: SimulatorStats;
  /** Events the client emitted since the last mark. */
  readonly emitted: readonly { readonly type: 'reauthenticationRequired' | 'revoked' }[];
  /** Error codes recorded by the machine since the last mark, in order. */
  readonly errorCodes: readonly string[];
  /** Client ids the machine held since the last mark, in order of first appearance (the id at the mark first). */
  readonly clientIds: readonly (string | null)[];
  /** Backoff waits scheduled since the last mark: retryAt − now when each backoff began, ms. */
  readonly backoffWaitsMs: readonly number[];
  /** The last getAccessToken()/API call outcome since the last mark. */
  readonly lastCall: CallOutcome | null;
  /** Client instances started since the last mark (a restart adds one). */
  readonly appStarts: number;
}

/** Options of {@link createTeachingRuntime}. */
export interface TeachingRuntimeOptions {
  /** Receives every wire event the sandbox produces. */
  readonly emit: (event: WireEvent) => void;
  readonly sessionId?: string;
  /** Reuse a signing key pair across sandboxes (generating RSA keys takes a moment). */
  readonly keys?: SimulatorKeys;
  /** Backoff jitter; fixed by default so scenario timings repeat. */
  readonly random?: () => number;
}

/** The teaching sandbox: a real dcrflow client, the simulator's handler and a jumpable clock, all in this page. */
export interface TeachingRuntime {
  readonly clock: TeachingClock;
  readonly simulator: Simulator;
  readonly sessionId: string;
  /** Starts the app: creates a client on the sandbox's store (if none runs) and asks it for a token. */
  startApp(): Promise<CallOutcome>;
  /** Stops the running client and starts a new one on the same store, as an app restart does. */
  restartApp(): Promise<CallOutcome>;
  /** Asks the running client for a token. */
  requestToken(): Promise<CallOutcome>;
  /** Calls a protected REST API v2 resource with the client's token (401 handling included). */
  callApi(): Promise<CallOutcome>;
  /** Moves client and server time forward. */
  advanceClock(seconds: number): void;
  /** Jumps to one second after the current token's refresh time (the proactive refresh begins). */
  jumpToRefresh(): boolean;
  /** Jumps to one second after the current token's expiry. */
  expireToken(): boolean;
  /** The server forgets the client's credentials (the app finds out at its next token request). */
  loseCredentials(): boolean;
  /** Adobe revokes the software statement the app registered with. */
  revokeStatement(): Promise<void>;
  injectFault(fault: FaultSpec): void;
  /** Starts a new observation window (scenario checks look at what happened since). */
  mark(label: string): void;
  observe(): Observation;
  /** Resolves true once `predicate` holds (checked on every snapshot), false after `timeoutMs`. */
  waitFor(predicate: (observation: Observation) => boolean, timeoutMs: number): Promise<boolean>;
  /** Adds a producer note (`meta` wire event), e.g. a scenario step. */
  note(label: string, data?: unknown): void;
  /** The secret values the sandbox holds (statement, client secrets, tokens): for redaction and secret scans. */
  secrets(): string[];
  dispose(): void;
}

const MAX_SECRETS = 256;

/**
 * Creates the teaching sandbox (design.md §Inspector "teaching mode"): the simulator's Web-standard handler answers
 * the client's fetches in the page, one clock drives both, and every inspection event becomes a wire event.
 *
 * @example
 * ```ts
 * const runtime = createTeachingRuntime({ emit: (event) => log.append([event]) });
 * await runtime.startApp();
 * runtime.expireToken(); // tokenValid → expiring → tokenValid
 * ```
 */
export function createTeachingRuntime(options: TeachingRuntimeOptions): TeachingRuntime {
  const sessionId = options.sessionId ?? `teach-${Math.random().toString(36).slice(2, 10)}`;
  const clock = createTeachingClock();
  const simulator = createSimulator({
    tokenTtlSeconds: SANDBOX_TOKEN_TTL_SECONDS,
    now: () => clock.now(),
    ...(options.keys === undefined ? {} : { keys: options.keys }),
  });
  const secretSet = new Set<string>();
  const addSecret = (value: unknown) => {
    if (typeof value === 'string' && value.length >= 8 && secretSet.size < MAX_SECRETS) secretSet.add(value);
  };

  // The store records the secrets as they are written: the views redact them by value too, and the e2e secret scan
  // looks for them.
  const inner = memoryStore();
  const store: CredentialStore = {
    get: () => inner.get(),
    delete: () => inner.delete(),
    async set(value, setOptions) {
      try {
        const record = JSON.parse(value) as {
          credentials?: { clientSecret?: unknown };
          token?: { accessToken?: unknown };
        };
        addSecret(record.credentials?.clientSecret);
        addSecret(record.token?.accessToken);
      } catch {
        // Not JSON: nothing to learn.
      }
      return inner.set(value, setOptions);
    },
  };

  const listeners = new Set<() => void>();
  // The same bridge apps use (@dcrflow/inspect), so teaching mode shows exactly what a live session would. The
  // machine carries no secrets (fingerprints only); the bridge's key and JWT rules are the second line of defence.
  const bridge = createInspectorBridge({
    transport: { send: (event) => options.emit(event) },
    sessionId,
    now: () => clock.now(),
  });

  let statement: Promise<{ software_statement: string; software_id: string }> | null = null;
  const softwareStatement = () => {
    statement ??= simulator.mintSoftwareStatement({ client_name: 'dcrflow teaching sandbox' }).then((minted) => {
      addSecret(minted.software_statement);
      return minted;
    });
    return statement;
  };

  let client: DcrClient | null = null;
  let disposed = false;
  const unsubscribers: Array<() => void> = [];

  // Observation window state.
  let visited: string[] = [];
  let emitted: Array<{ type: 'reauthenticationRequired' | 'revoked' }> = [];
  let errorCodes: string[] = [];
  let clientIds: Array<string | null> = [];
  let backoffWaitsMs: number[] = [];
  let lastCall: CallOutcome | null = null;
  let appStarts = 0;
  let statsAtMark = simulator.stats();
  let lastRetryAt: number | null = null;

  const snapshot = () => client?.actor.getSnapshot() ?? null;
  const changed = () => {
    for (const listener of [...listeners]) listener();
  };

  const record = () => {
    const current = snapshot();
    if (current === null) return;
    const value = formatStateValue(current.value);
    if (visited.at(-1) !== value) visited.push(value);
    const context = current.context;
    if (!clientIds.includes(context.clientId)) clientIds.push(context.clientId);
    if (context.retryAt !== null && context.retryAt !== lastRetryAt) backoffWaitsMs.push(context.retryAt - context.now);
    lastRetryAt = context.retryAt;
    changed();
  };

  const startClient = () => {
    const created = createDcrClient({
      baseUrl: SANDBOX_BASE_URL,
      softwareStatement: async () => (await softwareStatement()).software_statement,
      store,
      clock,
      // Observed: register, token and API calls appear in the timeline's HTTP lane.
      fetch: bridge.observeFetch((input, init) => simulator.fetch(new Request(input, init))),
      inspect: bridge.inspect,
      random: options.random ?? (() => 0.5),
      deviceInfo: { model: 'Sandbox', version: '1', osName: 'Linux', osVersion: '6', connectionType: 'wifi' },
    });
    unsubscribers.push(
      created.actor.subscribe(() => record()).unsubscribe,
      created.on('reauthenticationRequired', () => {
        emitted.push({ type: 'reauthenticationRequired' });
        changed();
      }),
      created.on('revoked', () => {
        emitted.push({ type: 'revoked' });
        changed();
      }),
      created.on('error', (error) => {
        errorCodes.push(error.code);
        changed();
      }),
    );
    client = created;
    appStarts += 1;
    return created;
  };

  const outcomeOf = async (promise: Promise<unknown>): Promise<CallOutcome> => {
    try {
      await promise;
      lastCall = 'ok';
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      lastCall = name === 'RevokedError' ? 'revoked' : name === 'StoppedError' ? 'stopped' : 'failed';
    }
    changed();
    return lastCall;
  };

  const requestToken = () => {
    if (disposed) return Promise.resolve<CallOutcome>('stopped');
    const running = client ?? startClient();
    return outcomeOf(running.getAccessToken());
  };

  const token = () => snapshot()?.context.token ?? null;

  const jump = (to: number | undefined) => {
    if (to === undefined) return false;
    clock.advance(Math.max(0, to - clock.now()) + 1000);
    return true;
  };

  const observe = (): Observation => {
    const current = snapshot();
    const value = current === null ? '' : formatStateValue(current.value);
    return {
      state: value.split('.')[0] ?? '',
      stateValue: value,
      visited: [...visited],
      stats: simulator.stats(),
      statsAtMark,
      emitted: [...emitted],
      errorCodes: [...errorCodes],
      clientIds: [...clientIds],
      backoffWaitsMs: [...backoffWaitsMs],
      lastCall,
      appStarts,
    };
  };

  return {
    clock,
    simulator,
    sessionId,
    startApp: () => requestToken(),
    async restartApp() {
      for (const unsubscribe of unsubscribers.splice(0)) unsubscribe();
      client?.stop();
      client = null;
      lastRetryAt = null;
      return requestToken();
    },
    requestToken,
    callApi() {
      if (disposed) return Promise.resolve<CallOutcome>('stopped');
      const running = client ?? startClient();
      return outcomeOf(
        running.fetch(`${SANDBOX_BASE_URL}/api/v2/teaching-sandbox/configuration`).then((response) => {
          if (!response.ok) throw new Error(`HTTP ${response.status}`);
        }),
      );
    },
    advanceClock(seconds) {
      clock.advance(seconds * 1000);
    },
    jumpToRefresh: () => jump(token()?.refreshAt),
    expireToken: () => jump(token()?.expiresAt),
    loseCredentials() {
      const clientId = snapshot()?.context.clientId ?? null;
      return clientId === null ? false : simulator.deleteClient(clientId);
    },
    async revokeStatement() {
      const minted = await softwareStatement();
      simulator.revokeSoftwareStatement(minted.software_id);
    },
    injectFault(fault) {
      simulator.injectFault(fault);
    },
    mark(label) {
      const current = snapshot();
      visited = current === null ? [] : [formatStateValue(current.value)];
      emitted = [];
      errorCodes = [];
      clientIds = current === null ? [] : [current.context.clientId];
      backoffWaitsMs = [];
      lastCall = null;
      appStarts = 0;
      statsAtMark = simulator.stats();
      bridge.mark('mark', { label });
    },
    observe,
    waitFor(predicate, timeoutMs) {
      return new Promise((resolve) => {
        if (predicate(observe())) return resolve(true);
        // Real time, not the sandbox clock: the wait must end even if nobody advances the clock.
        const timer = setTimeout(() => {
          listeners.delete(check);
          resolve(false);
        }, timeoutMs);
        const check = () => {
          if (!predicate(observe())) return;
          clearTimeout(timer);
          listeners.delete(check);
          resolve(true);
        };
        listeners.add(check);
      });
    },
    note(label, data = null) {
      bridge.mark(label, data);
    },
    secrets: () => [...secretSet],
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const unsubscribe of unsubscribers.splice(0)) unsubscribe();
      client?.stop();
      client = null;
      clock.dispose();
      listeners.clear();
      void bridge.close();
    },
  };
}
