import { createMachine } from 'xstate';
import type { Redactor } from '../redaction/createRedactor.ts';
import { addAlwaysTransitions } from '../wire/addAlwaysTransitions.ts';
import type { WireEvent } from '../wire/types.ts';

type Message = Record<string, unknown>;
type EventObject = { type: string; [k: string]: unknown };

const STATUSES = new Set(['active', 'done', 'error', 'stopped']);
/** Definitions rebuilt per distinct config text; bounded so a producer cannot grow the relay without limit. */
const DEFINITION_CACHE_SIZE = 64;

/**
 * True for a message `@statelyai/inspect`'s `createWebSocketInspector` sends: an `@xstate.*` type plus the
 * `_version` field that package stamps on every event (dist/index.mjs, `convertXStateEvent`).
 */
export function isStatelyMessage(value: unknown): value is Message {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const message = value as Message;
  return (
    typeof message.type === 'string' && message.type.startsWith('@xstate.') && typeof message._version === 'string'
  );
}

/**
 * Turns the messages of one `@statelyai/inspect` producer connection into wire events of its own session (numbered
 * from 0). What that package sends (0.7.2):
 * - `@xstate.actor`: `{ sessionId, parentId?, rootId, name, definition: JSON text of logic.config, createdAt, … }` —
 *   the raw config, not `machine.toJSON()`, so the relay rebuilds the machine from it to get the definition the
 *   inspector draws; non-machine actors send `{"id": name}` and get `definition: null`.
 * - `@xstate.event`: `{ sessionId, sourceId?, event, createdAt, … }`.
 * - `@xstate.snapshot`: `{ sessionId, event, snapshot: JSON of the snapshot, createdAt, … }`.
 * There are no microsteps in that stream. Anything else returns `undefined`.
 */
export function createStatelyConverter(
  sessionId: string,
  redactor: Redactor,
): (message: Message) => WireEvent | undefined {
  let seq = 0;
  const definitions = new Map<string, unknown>();

  function definitionOf(text: unknown): unknown {
    if (typeof text !== 'string') return null;
    const cached = definitions.get(text);
    if (cached !== undefined) return cached;
    let definition: unknown = null;
    try {
      const config = JSON.parse(text) as unknown;
      // A machine's config has more than the `{ id }` placeholder sent for promise/callback actors.
      if (typeof config === 'object' && config !== null && Object.keys(config).some((key) => key !== 'id')) {
        const machine = createMachine(config as Parameters<typeof createMachine>[0]);
        // With the eventless transitions toJSON() omits: this stream has no microsteps to reveal them later.
        definition = redactor.structure(addAlwaysTransitions(machine.root, machine.toJSON())) ?? null;
      }
    } catch {
      // A config cut by the sender's depth limit (`[Object]` strings) may not build: no chart, but the events flow.
      definition = null;
    }
    if (definitions.size >= DEFINITION_CACHE_SIZE) definitions.delete(definitions.keys().next().value as string);
    definitions.set(text, definition);
    return definition;
  }

  function eventOf(value: unknown): EventObject {
    const converted = redactor.payload(value);
    if (typeof converted === 'object' && converted !== null && !Array.isArray(converted)) {
      const object = converted as Record<string, unknown>;
      return { ...object, type: typeof object.type === 'string' ? object.type : '' };
    }
    return { type: typeof converted === 'string' ? converted : '' };
  }

  return (message) => {
    const actorId = typeof message.sessionId === 'string' ? message.sessionId : undefined;
    if (actorId === undefined) return undefined;
    const createdAt = Number(message.createdAt);
    const base = { v: 1 as const, at: Number.isFinite(createdAt) ? createdAt : Date.now(), sessionId, actorId };
    switch (message.type) {
      case '@xstate.actor':
        return {
          ...base,
          seq: seq++,
          kind: 'actor',
          parentId: typeof message.parentId === 'string' ? message.parentId : null,
          systemId: null,
          definition: definitionOf(message.definition),
          name: String(redactor.structure(typeof message.name === 'string' ? message.name : actorId)),
        };
      case '@xstate.event':
        return {
          ...base,
          seq: seq++,
          kind: 'event',
          sourceId: typeof message.sourceId === 'string' ? message.sourceId : null,
          event: eventOf(message.event),
        };
      case '@xstate.snapshot': {
        const snapshot = (
          typeof message.snapshot === 'object' && message.snapshot !== null ? message.snapshot : {}
        ) as Message;
        const wireSnapshot: Extract<WireEvent, { kind: 'snapshot' }>['snapshot'] = {
          value: redactor.structure(snapshot.value) ?? null,
          status: STATUSES.has(snapshot.status as string) ? (snapshot.status as 'active') : 'active',
          context: redactor.payload(snapshot.context) ?? null,
        };
        if (snapshot.error !== undefined && snapshot.error !== null)
          wireSnapshot.error = redactor.payload(snapshot.error);
        return { ...base, seq: seq++, kind: 'snapshot', event: eventOf(message.event), snapshot: wireSnapshot };
      }
      default:
        return undefined;
    }
  };
}
