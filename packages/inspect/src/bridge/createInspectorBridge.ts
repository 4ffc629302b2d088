import type { InspectionEvent } from 'xstate';
import { InspectOptionsError } from '../errors/InspectOptionsError.ts';
import { createRedactor, type RedactOptions } from '../redaction/createRedactor.ts';
import type { InspectTransport } from '../transports/InspectTransport.ts';
import { addAlwaysTransitions } from '../wire/addAlwaysTransitions.ts';
import type { WireEvent } from '../wire/types.ts';
import { randomId } from './randomId.ts';

/**
 * Options of {@link createInspectorBridge}.
 *
 * @example
 * ```ts
 * const options: InspectorBridgeOptions = { transport: memoryTransport(), redact: { secrets: [clientSecret] } };
 * ```
 */
export interface InspectorBridgeOptions {
  /** Where the wire events go: {@link inPageTransport}, {@link webSocketTransport}, {@link memoryTransport}, `fileRecorder`. */
  transport: InspectTransport;
  /** Extra secrets to hide; the key rule and look-alike rules always apply (see docs/inspector.md). */
  redact?: RedactOptions;
  /** The `sessionId` of every event (default: 16 random hex digits). */
  sessionId?: string;
  /** Clock for the `at` field (default `Date.now`), e.g. a simulated clock in teaching mode. */
  now?: () => number;
}

/**
 * An XState inspection observer that streams redacted wire events.
 *
 * @example
 * ```ts
 * const actor = createActor(machine, { inspect: bridge.inspect });
 * bridge.mark('scenario', { name: 'first run' });
 * await bridge.close();
 * ```
 */
export interface InspectorBridge {
  /** Pass as XState's `inspect` option (`createActor(machine, { inspect })`, `createDcrClient({ inspect })`). */
  readonly inspect: (event: InspectionEvent) => void;
  readonly sessionId: string;
  /** Emits a `meta` event, e.g. a teaching-scenario marker; `data` is redacted like a payload. */
  mark(label: string, data?: unknown): void;
  /**
   * Wraps a fetch (default: the global one) so every request it makes is reported as an HTTP record — a `meta` event
   * labelled `http` with `{ method, host, path, status, durationMs }` (`status` null and `error` set when the request
   * failed). Never headers, bodies or the query string, so no credential or token can leave through it. Pass the
   * result as the client's `fetch` to see register, token and API calls (429s included) in the inspector's HTTP lane.
   *
   * @example
   * ```ts
   * const client = createDcrClient({ baseUrl, softwareStatement, store, inspect: bridge.inspect, fetch: bridge.observeFetch() });
   * ```
   */
  observeFetch(fetchImpl?: typeof fetch): typeof fetch;
  /** Stops emitting and closes the transport (flushes a recording, closes a socket); rejects if that fails. Idempotent. */
  close(): Promise<void>;
}

type Snapshot = { status?: unknown; value?: unknown; context?: unknown; error?: unknown };
type EventObject = { type: string; [k: string]: unknown };
/** What the bridge reads from an XState actor ref; internal fields are optional so an odd ref cannot crash it. */
type ActorRefInternals = {
  sessionId: string;
  id?: string;
  systemId?: string;
  src?: unknown;
  logic?: { id?: unknown; toJSON?: () => unknown };
  options?: { systemId?: unknown };
  _parent?: { sessionId?: unknown };
};
type TransitionLike = {
  source?: { id?: unknown };
  target?: ReadonlyArray<{ id?: unknown }>;
  eventType?: unknown;
  guard?: unknown;
};

/**
 * The name a guard has in `machine.toJSON()`: a named guard's string, or the `type` of a parameterised one; null for
 * no guard.
 */
function guardName(guard: unknown): string | null | undefined {
  if (guard === undefined || guard === null) return null;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'object' && guard !== null && typeof (guard as { type?: unknown }).type === 'string')
    return (guard as { type: string }).type;
  // Inline guard functions have no name the chart knows: leave the field out rather than invent one.
  return undefined;
}

const STATUSES = new Set(['active', 'done', 'error', 'stopped']);

/** Method, host and path of a request: the query string is left out (it may carry credentials), as are headers. */
function requestTarget(input: RequestInfo | URL, init: RequestInit | undefined) {
  const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
  const href = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  try {
    const url = new URL(href);
    return { method, host: url.host, path: url.pathname };
  } catch {
    return { method, host: '', path: href.split(/[?#]/)[0] ?? '' };
  }
}

/**
 * Bridges XState v5's inspection API to the dcrflow wire format (docs/decisions/0004-inspection-wire-format.md):
 * `@xstate.actor`, `@xstate.event`, `@xstate.snapshot` and `@xstate.microstep` become `actor`, `event`, `snapshot`
 * and `microstep` wire events, numbered from 0, with payloads redacted (client secrets, access tokens, software
 * statements, Authorization values → `redact()` fingerprints) before they reach the transport. A machine actor's
 * event carries its definition (`machine.toJSON()`), so a viewer can draw the chart. Nothing here throws into the
 * machine: a failing conversion or transport drops that one event.
 *
 * @example
 * ```ts
 * import { createDcrClient, memoryStore } from '@dcrflow/core';
 * import { createInspectorBridge, webSocketTransport } from '@dcrflow/inspect';
 *
 * const bridge = createInspectorBridge({ transport: webSocketTransport({ url: process.env.DCRFLOW_INSPECT_URL! }) });
 * const client = createDcrClient({ baseUrl, softwareStatement, store: memoryStore(), inspect: bridge.inspect });
 * ```
 */
export function createInspectorBridge(options: InspectorBridgeOptions): InspectorBridge {
  const transport = options?.transport;
  if (typeof transport?.send !== 'function') {
    throw new InspectOptionsError('createInspectorBridge: `transport` must be an object with a send(event) method.');
  }
  if (options.sessionId !== undefined && typeof options.sessionId !== 'string') {
    throw new InspectOptionsError('createInspectorBridge: `sessionId` must be a string.');
  }
  if (options.redact?.secrets !== undefined && !Array.isArray(options.redact.secrets)) {
    throw new InspectOptionsError('createInspectorBridge: `redact.secrets` must be an array of strings.');
  }
  if (options.redact?.keys !== undefined && !(options.redact.keys instanceof RegExp)) {
    throw new InspectOptionsError('createInspectorBridge: `redact.keys` must be a RegExp.');
  }
  const redactor = createRedactor(options.redact);
  const sessionId = options.sessionId ?? randomId();
  const now = options.now ?? Date.now;
  let seq = 0;
  let closed = false;
  let closing: Promise<void> | undefined;
  let rootActorId = '';

  const announced = new WeakSet<object>();
  const definitions = new WeakMap<object, unknown>();

  // XState's session ids (`x:0`, `x:1`, …) come from one counter per xstate module, so they are unique across
  // actor systems: one bridge can inspect several actors without its ids colliding.
  function idOf(ref: ActorRefInternals): string {
    return String(ref.sessionId);
  }

  function emit(body: DistributiveOmit<WireEvent, 'v' | 'seq' | 'at' | 'sessionId'>): void {
    const event = { v: 1, seq: seq++, at: now(), sessionId, ...body } as WireEvent;
    try {
      transport.send(event);
    } catch {
      // A transport failure costs this event, never the machine.
    }
  }

  function payloadEvent(event: unknown): EventObject {
    const converted = redactor.payload(event);
    if (typeof converted === 'object' && converted !== null && !Array.isArray(converted)) {
      const object = converted as Record<string, unknown>;
      return { ...object, type: typeof object.type === 'string' ? object.type : 'unknown' };
    }
    return { type: typeof converted === 'string' ? converted : 'unknown' };
  }

  function definitionOf(ref: ActorRefInternals): unknown {
    const logic = ref.logic;
    if (typeof logic !== 'object' || logic === null || typeof logic.toJSON !== 'function') return null;
    if (!definitions.has(logic)) {
      // toJSON() leaves out eventless transitions: add them, so the chart has its `always` edges from the start.
      const root = (logic as { root?: Parameters<typeof addAlwaysTransitions>[0] }).root;
      const json = root === undefined ? logic.toJSON() : addAlwaysTransitions(root, logic.toJSON());
      definitions.set(logic, redactor.structure(json) ?? null);
    }
    return definitions.get(logic);
  }

  function nameOf(ref: ActorRefInternals): string {
    if (typeof ref.src === 'string') return ref.src;
    const logicId = ref.logic?.id;
    if (typeof logicId === 'string' && typeof ref.logic?.toJSON === 'function') return logicId;
    return typeof ref.id === 'string' ? ref.id : String(ref.sessionId);
  }

  function announce(ref: ActorRefInternals): string {
    const actorId = idOf(ref);
    if (announced.has(ref)) return actorId;
    announced.add(ref);
    const parent = ref._parent;
    // `systemId` is assigned after XState emits `@xstate.actor`; the constructor options already hold it.
    const systemId = ref.systemId ?? ref.options?.systemId;
    if (parent === undefined && rootActorId === '') rootActorId = actorId;
    emit({
      kind: 'actor',
      actorId,
      parentId: parent === undefined || parent === null ? null : idOf(parent as ActorRefInternals),
      systemId: typeof systemId === 'string' ? systemId : null,
      definition: definitionOf(ref),
      name: redactor.structure(nameOf(ref)) as string,
    });
    return actorId;
  }

  function handle(inspection: InspectionEvent): void {
    const ref = inspection.actorRef as unknown as ActorRefInternals;
    if (typeof ref !== 'object' || ref === null) return;
    switch (inspection.type) {
      case '@xstate.actor':
        announce(ref);
        return;
      case '@xstate.event': {
        const actorId = announce(ref);
        const source = inspection.sourceRef as unknown as ActorRefInternals | undefined;
        emit({
          kind: 'event',
          actorId,
          sourceId: source === undefined || source === null ? null : idOf(source),
          event: payloadEvent(inspection.event),
        });
        return;
      }
      case '@xstate.snapshot': {
        const actorId = announce(ref);
        const snapshot = (inspection.snapshot ?? {}) as Snapshot;
        const status = STATUSES.has(snapshot.status as string)
          ? (snapshot.status as 'active' | 'done' | 'error' | 'stopped')
          : 'active';
        const wireSnapshot: Extract<WireEvent, { kind: 'snapshot' }>['snapshot'] = {
          value: redactor.structure(snapshot.value) ?? null,
          status,
          context: redactor.payload(snapshot.context) ?? null,
        };
        if (snapshot.error !== undefined) wireSnapshot.error = redactor.payload(snapshot.error) ?? null;
        emit({ kind: 'snapshot', actorId, event: payloadEvent(inspection.event), snapshot: wireSnapshot });
        return;
      }
      case '@xstate.microstep': {
        const actorId = announce(ref);
        const transitions = ((inspection as { _transitions?: readonly TransitionLike[] })._transitions ?? []).map(
          (transition) => {
            const guard = guardName(transition.guard);
            return {
              source: String(transition.source?.id ?? ''),
              targets: (transition.target ?? []).map((target) => String(target.id)),
              eventType: String(transition.eventType ?? ''),
              ...(guard === undefined ? {} : { guard }),
            };
          },
        );
        emit({
          kind: 'microstep',
          actorId,
          event: payloadEvent(inspection.event),
          transitions: redactor.structure(transitions) as Extract<WireEvent, { kind: 'microstep' }>['transitions'],
        });
        return;
      }
      default:
        // `@xstate.action` and `@xstate.transition` are not part of wire format v1.
        return;
    }
  }

  return {
    sessionId,
    inspect(inspection) {
      if (closed) return;
      try {
        handle(inspection);
      } catch {
        // XState calls observers synchronously inside its transition: an inspection bug must never surface there.
      }
    },
    mark(label, data) {
      if (closed) return;
      try {
        emit({ kind: 'meta', actorId: rootActorId, label: String(label), data: redactor.payload(data) ?? null });
      } catch {
        // Same guarantee as `inspect`.
      }
    },
    observeFetch(fetchImpl) {
      if (fetchImpl !== undefined && typeof fetchImpl !== 'function') {
        throw new InspectOptionsError('observeFetch: `fetchImpl` must be a fetch function.');
      }
      return async (input, init) => {
        const started = performance.now();
        const target = requestTarget(input, init);
        const record = (fields: { status: number | null; error?: string }) => {
          if (closed) return;
          try {
            const data = { ...target, ...fields, durationMs: Math.round(performance.now() - started) };
            emit({ kind: 'meta', actorId: rootActorId, label: 'http', data: redactor.payload(data) ?? null });
          } catch {
            // Same guarantee as `inspect`: observing never breaks the request.
          }
        };
        const underlying = fetchImpl ?? globalThis.fetch;
        try {
          const response = await underlying(input, init);
          record({ status: response.status });
          return response;
        } catch (error) {
          record({ status: null, error: error instanceof Error ? error.name : 'Error' });
          throw error;
        }
      };
    },
    close() {
      if (closing !== undefined) return closing;
      closed = true;
      // A failure to close (e.g. a recording that could not be written) is reported to the caller, who asked.
      closing = Promise.resolve().then(() => transport.close?.());
      return closing;
    },
  };
}

/** `Omit` over each member of a union (plain `Omit` would merge the members). */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
