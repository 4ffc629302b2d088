import type { WireEvent, WirePayload, WireSnapshot, WireTransition } from '../wire/wireTypes.ts';
import { formatStateValue } from './formatStateValue.ts';

/** An actor of the session, from its `actor` wire event (or inferred from other events). */
export interface ActorInfo {
  readonly id: string;
  readonly name: string;
  readonly parentId: string | null;
  readonly systemId: string | null;
  /** `machine.toJSON()` when the actor is a state machine. */
  readonly definition: unknown | null;
  /** Index of the wire event that announced it (−1 when inferred). */
  readonly eventIndex: number;
}

/** Who sent an event, as the timeline shows it. */
export type SourceKind = 'external' | 'self' | 'timer' | 'child' | 'parent' | 'actor' | 'system' | 'producer';

/** One row of the timeline. */
export interface TimelineRow {
  /** Position in {@link Timeline.rows}. */
  readonly index: number;
  /** Index of the wire event the row stands for. */
  readonly eventIndex: number;
  readonly kind: 'event' | 'actor' | 'meta';
  readonly at: number;
  readonly actorId: string;
  /** Event type, meta label, or the name of the actor that started. */
  readonly type: string;
  readonly source: SourceKind;
  /** Name of the sending actor for `child` / `parent` / `actor` sources. */
  readonly sourceName: string | null;
  /** Redacted payload as received (event object, meta data, actor summary). */
  readonly payload: unknown;
  /** Index of the snapshot wire event that resulted (−1 until it arrives, or when there was none). */
  resultIndex: number;
  /** Transitions the event took, from microstep wire events. */
  readonly transitions: WireTransition[];
}

/**
 * The session as the views need it, built incrementally from wire events (O(1) amortised per event, so a live
 * stream or a 10,000-event recording costs the same per event).
 */
export interface Timeline {
  /** The wire events consumed so far (shared, append-only). */
  readonly events: WireEvent[];
  readonly rows: TimelineRow[];
  /** Indexes of the rows of state-machine actors and producer notes (the default timeline; callback actors hidden). */
  readonly machineRows: number[];
  readonly actors: Map<string, ActorInfo>;
  /** Per actor, the indexes of its snapshot wire events, ascending. */
  readonly snapshotIndexes: Map<string, number[]>;
  /** Rows waiting for their resulting snapshot, per actor. */
  readonly pending: Map<string, TimelineRow[]>;
  /** Transitions seen at run time per actor, deduplicated (`source|targets|eventType`). */
  readonly observedTransitions: Map<string, Map<string, WireTransition>>;
  /** Sessions seen (a recording may hold several). */
  readonly sessions: Set<string>;
}

/**
 * An empty timeline.
 *
 * @example
 * ```ts
 * const timeline = createTimeline();
 * appendEvents(timeline, events);
 * ```
 */
export function createTimeline(): Timeline {
  return {
    events: [],
    rows: [],
    machineRows: [],
    actors: new Map(),
    snapshotIndexes: new Map(),
    pending: new Map(),
    observedTransitions: new Map(),
    sessions: new Set(),
  };
}

function ensureActor(timeline: Timeline, actorId: string) {
  if (!timeline.actors.has(actorId)) {
    timeline.actors.set(actorId, {
      id: actorId,
      name: actorId,
      parentId: null,
      systemId: null,
      definition: null,
      eventIndex: -1,
    });
  }
}

function sourceOf(timeline: Timeline, actorId: string, sourceId: string | null, type: string) {
  if (type.startsWith('xstate.after.')) return { source: 'timer' as const, sourceName: null };
  // XState itself starts and stops actors: nobody outside sent these, whatever the missing sourceId suggests.
  if (type === 'xstate.init' || type === 'xstate.stop') return { source: 'system' as const, sourceName: null };
  if (sourceId === null) return { source: 'external' as const, sourceName: null };
  if (sourceId === actorId) return { source: 'self' as const, sourceName: null };
  const sender = timeline.actors.get(sourceId);
  const target = timeline.actors.get(actorId);
  const name = sender?.name ?? sourceId;
  if (sender?.parentId === actorId) return { source: 'child' as const, sourceName: name };
  if (target?.parentId === sourceId) return { source: 'parent' as const, sourceName: name };
  return { source: 'actor' as const, sourceName: name };
}

function pushRow(timeline: Timeline, row: Omit<TimelineRow, 'index'>): TimelineRow {
  const full: TimelineRow = { ...row, index: timeline.rows.length };
  timeline.rows.push(full);
  if (full.kind === 'meta' || (timeline.actors.get(full.actorId)?.definition ?? null) !== null) {
    timeline.machineRows.push(full.index);
  }
  return full;
}

/** The first pending row of `actorId` for an event of `type`; earlier pending rows of other types stay pending. */
function findPending(timeline: Timeline, actorId: string, type: string): TimelineRow | undefined {
  return timeline.pending.get(actorId)?.find((row) => row.type === type);
}

function appendOne(timeline: Timeline, event: WireEvent) {
  const eventIndex = timeline.events.length;
  timeline.events.push(event);
  timeline.sessions.add(event.sessionId);
  switch (event.kind) {
    case 'actor': {
      timeline.actors.set(event.actorId, {
        id: event.actorId,
        name: event.name,
        parentId: event.parentId,
        systemId: event.systemId,
        definition: event.definition,
        eventIndex,
      });
      pushRow(timeline, {
        eventIndex,
        kind: 'actor',
        at: event.at,
        actorId: event.actorId,
        type: event.name,
        source: event.parentId === null ? 'system' : 'parent',
        sourceName: event.parentId === null ? null : (timeline.actors.get(event.parentId)?.name ?? event.parentId),
        payload: {
          actor: event.name,
          parent: event.parentId,
          systemId: event.systemId,
          machine: event.definition !== null,
        },
        resultIndex: -1,
        transitions: [],
      });
      return;
    }
    case 'event': {
      ensureActor(timeline, event.actorId);
      const row = pushRow(timeline, {
        eventIndex,
        kind: 'event',
        at: event.at,
        actorId: event.actorId,
        type: event.event.type,
        ...sourceOf(timeline, event.actorId, event.sourceId, event.event.type),
        payload: event.event,
        resultIndex: -1,
        transitions: [],
      });
      let queue = timeline.pending.get(event.actorId);
      if (queue === undefined) {
        queue = [];
        timeline.pending.set(event.actorId, queue);
      }
      queue.push(row);
      // An actor that never reports snapshots must not grow the queue forever.
      if (queue.length > 64) queue.shift();
      return;
    }
    case 'microstep': {
      ensureActor(timeline, event.actorId);
      // A done-state (onDone) step reports its internal event type, not the event that started the chain; it
      // belongs to the event being processed — the oldest one still waiting for its snapshot.
      const row =
        findPending(timeline, event.actorId, event.event.type) ??
        (event.event.type.startsWith('xstate.done.') ? timeline.pending.get(event.actorId)?.[0] : undefined);
      if (row !== undefined) row.transitions.push(...event.transitions);
      let observed = timeline.observedTransitions.get(event.actorId);
      if (observed === undefined) {
        observed = new Map();
        timeline.observedTransitions.set(event.actorId, observed);
      }
      for (const t of event.transitions) observed.set(`${t.source}|${t.targets.join(',')}|${t.eventType}`, t);
      return;
    }
    case 'snapshot': {
      ensureActor(timeline, event.actorId);
      let indexes = timeline.snapshotIndexes.get(event.actorId);
      if (indexes === undefined) {
        indexes = [];
        timeline.snapshotIndexes.set(event.actorId, indexes);
      }
      indexes.push(eventIndex);
      const queue = timeline.pending.get(event.actorId);
      const position = queue?.findIndex((row) => row.type === event.event.type) ?? -1;
      if (queue !== undefined && position >= 0) {
        const row = queue[position]!;
        // Rows before it got no snapshot of their own (ignored events): they resolve to "unchanged".
        queue.splice(0, position + 1);
        row.resultIndex = eventIndex;
        return;
      }
      // A snapshot with no announced event: the actor starting (xstate.init) or a producer that sends no events.
      pushRow(timeline, {
        eventIndex,
        kind: 'event',
        at: event.at,
        actorId: event.actorId,
        type: event.event.type,
        source: event.event.type === 'xstate.init' || event.event.type === 'xstate.stop' ? 'system' : 'producer',
        sourceName: null,
        payload: event.event,
        resultIndex: eventIndex,
        transitions: [],
      });
      return;
    }
    case 'meta': {
      pushRow(timeline, {
        eventIndex,
        kind: 'meta',
        at: event.at,
        actorId: event.actorId,
        type: event.label,
        source: 'producer',
        sourceName: null,
        payload: event.data,
        resultIndex: -1,
        transitions: [],
      });
      return;
    }
  }
}

/**
 * Appends wire events to a timeline: `event` wire events become rows, paired with the `snapshot` that resulted
 * (first pending event of the same type on the same actor — XState reports them in processing order) and the
 * `microstep` transitions taken; a snapshot nobody announced (actor start) becomes a row of its own; `actor` and
 * `meta` events become rows too.
 *
 * @example
 * ```ts
 * appendEvents(timeline, newEvents);
 * timeline.rows.at(-1)?.type; // 'TOKEN.SUCCEEDED'
 * ```
 */
export function appendEvents(timeline: Timeline, events: readonly WireEvent[]): void {
  for (const event of events) appendOne(timeline, event);
}

/**
 * The snapshot wire event of `actorId` current at wire index `eventIndex` (the last one at or before it).
 *
 * @example
 * ```ts
 * const snapshot = snapshotAtEvent(timeline, mainActorId, row.resultIndex);
 * ```
 */
export function snapshotAtEvent(
  timeline: Timeline,
  actorId: string,
  eventIndex: number,
): (WireEvent & { kind: 'snapshot' }) | null {
  const indexes = timeline.snapshotIndexes.get(actorId);
  if (indexes === undefined || indexes.length === 0 || eventIndex < 0) return null;
  // Binary search: the last snapshot index ≤ eventIndex.
  let lo = 0;
  let hi = indexes.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (indexes[mid]! <= eventIndex) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  if (found < 0) return null;
  const event = timeline.events[indexes[found]!];
  return event?.kind === 'snapshot' ? event : null;
}

/**
 * The wire index up to which a row's effects are visible: its resulting snapshot when it has one, else itself.
 *
 * @example
 * ```ts
 * snapshotAtEvent(timeline, actorId, rowHorizon(row));
 * ```
 */
export function rowHorizon(row: TimelineRow): number {
  return Math.max(row.eventIndex, row.resultIndex);
}

/**
 * The text of a row's "resulting state" column: the state of the row's actor after it (or its status for actors
 * without states), empty for meta rows.
 *
 * @example
 * ```ts
 * resultingState(timeline, row); // 'registering.requesting'
 * ```
 */
export function resultingState(timeline: Timeline, row: TimelineRow): string {
  if (row.kind === 'meta') return '';
  const snapshot = snapshotAtEvent(timeline, row.actorId, rowHorizon(row));
  if (snapshot === null) return '';
  return describeSnapshot(snapshot.snapshot);
}

function describeSnapshot(snapshot: WireSnapshot): string {
  const value = formatStateValue(snapshot.value);
  if (value === '') return snapshot.status;
  return snapshot.status === 'active' ? value : `${value} (${snapshot.status})`;
}

/**
 * The machine actor the chart shows by default: the first root actor with a definition, else any actor with one.
 *
 * @example
 * ```ts
 * const main = mainActorId(timeline); // 'x:0'
 * ```
 */
export function mainActorId(timeline: Timeline): string | null {
  let fallback: string | null = null;
  for (const actor of timeline.actors.values()) {
    if (actor.definition === null) continue;
    if (actor.parentId === null) return actor.id;
    fallback ??= actor.id;
  }
  return fallback;
}

/** The payload type of rows, re-exported for views. */
export type { WirePayload };
