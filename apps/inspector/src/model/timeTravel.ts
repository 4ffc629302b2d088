import type { WireSnapshot, WireTransition } from '../wire/wireTypes.ts';
import { rowHorizon, snapshotAtEvent, type Timeline, type TimelineRow } from './buildTimeline.ts';

/** The machine as it was at one row of the timeline: what the chart and the context panel show. */
export interface MomentView {
  /** The machine actor shown (null until a machine actor appeared). */
  readonly actorId: string | null;
  readonly definition: unknown | null;
  readonly snapshot: WireSnapshot | null;
  /** The row the moment belongs to (null: nothing yet). */
  readonly row: TimelineRow | null;
  /**
   * Transitions taken by the last step of the shown actor at this row (animated on the chart): the row's own event,
   * or — for a note, or another actor's row — the latest event of the shown actor before it, so a note never clears
   * what just happened.
   */
  readonly transitions: readonly WireTransition[];
  /** The event row those transitions belong to (null when there is none yet). */
  readonly stepRow: TimelineRow | null;
  /** Producer time of the moment. */
  readonly at: number | null;
}

/** The machine actor `actorId` belongs to: itself when it is a machine, else its nearest machine ancestor. */
function machineOf(timeline: Timeline, actorId: string): string | null {
  let current: string | null = actorId;
  for (let depth = 0; current !== null && depth < 64; depth++) {
    const actor = timeline.actors.get(current);
    if (actor === undefined) return null;
    if (actor.definition !== null) return actor.id;
    current = actor.parentId;
  }
  return null;
}

/** The most recently announced root machine actor at or before wire index `eventIndex`. */
function latestRootMachine(timeline: Timeline, eventIndex: number): string | null {
  let best: { id: string; index: number } | null = null;
  let anyMachine: string | null = null;
  for (const actor of timeline.actors.values()) {
    if (actor.definition === null) continue;
    anyMachine ??= actor.id;
    if (actor.parentId !== null || actor.eventIndex > eventIndex) continue;
    if (best === null || actor.eventIndex > best.index) best = { id: actor.id, index: actor.eventIndex };
  }
  return best?.id ?? anyMachine;
}

/**
 * Time travel: the chart and context as they were at row `rowIndex` (null = the newest row). The machine shown is
 * `pinnedActorId` when given, else the row's own machine (a callback actor's row shows its parent machine), else
 * the newest root machine started by then — so after an app restart the chart follows the new client.
 *
 * @example
 * ```ts
 * const moment = momentAt(timeline, 42);
 * moment.snapshot?.value; // { registering: 'backoff' }
 * ```
 */
export function momentAt(timeline: Timeline, rowIndex: number | null, pinnedActorId: string | null = null): MomentView {
  const row = rowIndex === null ? (timeline.rows.at(-1) ?? null) : (timeline.rows[rowIndex] ?? null);
  const horizon = row === null ? timeline.events.length - 1 : rowHorizon(row);
  const actorId =
    pinnedActorId ?? (row === null ? null : machineOf(timeline, row.actorId)) ?? latestRootMachine(timeline, horizon);
  if (actorId === null)
    return {
      actorId: null,
      definition: null,
      snapshot: null,
      row,
      transitions: [],
      stepRow: null,
      at: row?.at ?? null,
    };
  const snapshot = snapshotAtEvent(timeline, actorId, horizon);
  const stepRow = row === null ? null : lastStepOf(timeline, actorId, row.index);
  return {
    actorId,
    definition: timeline.actors.get(actorId)?.definition ?? null,
    snapshot: snapshot?.snapshot ?? null,
    row,
    transitions: stepRow?.transitions ?? [],
    stepRow,
    at: row?.at ?? snapshot?.at ?? null,
  };
}

/** How far back a note looks for the step it follows: notes come in small groups, never hundreds in a row. */
const STEP_LOOKBACK = 256;

/** The latest event row of `actorId` at or before row `rowIndex` (bounded look-back). */
function lastStepOf(timeline: Timeline, actorId: string, rowIndex: number): TimelineRow | null {
  for (let i = rowIndex; i >= 0 && i > rowIndex - STEP_LOOKBACK; i--) {
    const candidate = timeline.rows[i];
    if (candidate !== undefined && candidate.kind === 'event' && candidate.actorId === actorId) return candidate;
  }
  return null;
}

/**
 * The next row index when stepping through the visible rows (`visible` holds row indexes, ascending). From the live
 * head (`current` null) a step back lands on the last row. Returns null for "back to the live head".
 *
 * @example
 * ```ts
 * stepRow([0, 2, 5], 2, 1); // 5
 * ```
 */
export function stepRow(visible: readonly number[], current: number | null, direction: 1 | -1): number | null {
  if (visible.length === 0) return null;
  if (current === null) return direction === -1 ? visible[visible.length - 1]! : null;
  // The position of `current`, or of the nearest visible row before it when it is hidden by the filter.
  let lo = 0;
  let hi = visible.length - 1;
  let position = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (visible[mid]! <= current) {
      position = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  const exact = position >= 0 && visible[position] === current;
  const next = direction === 1 ? position + 1 : exact ? position - 1 : position;
  if (next < 0) return visible[0]!;
  if (next >= visible.length) return visible[visible.length - 1]!;
  return visible[next]!;
}
