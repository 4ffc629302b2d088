import type { Timeline, TimelineRow } from './buildTimeline.ts';

/** Which kind of row the timeline lists. */
export type TimelineLane = 'all' | 'events' | 'http' | 'notes';

/** A timeline filter: a lane and free text. */
export interface RowFilter {
  readonly lane: TimelineLane;
  /** Case-insensitive; matches the event type, the source, the actor's name, an HTTP record's method, path or status. */
  readonly text: string;
}

/** An HTTP record as the bridge's observeFetch reports it (meta label `http`). */
export interface HttpRecord {
  readonly method: string;
  readonly path: string;
  readonly status: number | null;
  readonly durationMs: number;
  readonly error: string | null;
}

/**
 * The HTTP record a row stands for, or null when it is not one.
 *
 * @example
 * ```ts
 * httpRecordOf(row); // { method: 'POST', path: '/o/client/token', status: 429, durationMs: 3, error: null }
 * ```
 */
export function httpRecordOf(row: TimelineRow): HttpRecord | null {
  if (row.kind !== 'meta' || row.type !== 'http') return null;
  const data = row.payload;
  if (typeof data !== 'object' || data === null) return null;
  const record = data as Record<string, unknown>;
  return {
    method: typeof record.method === 'string' ? record.method : '?',
    path: typeof record.path === 'string' ? record.path : '?',
    status: typeof record.status === 'number' ? record.status : null,
    durationMs: typeof record.durationMs === 'number' ? record.durationMs : 0,
    error: typeof record.error === 'string' ? record.error : null,
  };
}

function laneOf(row: TimelineRow): Exclude<TimelineLane, 'all'> {
  if (row.kind !== 'meta') return 'events';
  return row.type === 'http' ? 'http' : 'notes';
}

function haystack(timeline: Timeline, row: TimelineRow): string {
  const http = httpRecordOf(row);
  const parts = [row.type, row.source, row.sourceName ?? '', timeline.actors.get(row.actorId)?.name ?? ''];
  if (http !== null) parts.push(http.method, http.path, String(http.status ?? http.error ?? ''));
  return parts.join('\u0000').toLowerCase();
}

/**
 * The rows (indexes, ascending) that pass a filter: the lane first, then every whitespace-separated word of the text
 * must match somewhere (event type, source, actor, HTTP method/path/status). O(rows). Pure.
 *
 * @example
 * ```ts
 * filterRows(timeline, timeline.machineRows, { lane: 'http', text: '429' }); // the throttled requests
 * ```
 */
export function filterRows(timeline: Timeline, rows: readonly number[], filter: RowFilter): number[] {
  const words = filter.text
    .toLowerCase()
    .split(/\s+/)
    .filter((word) => word !== '');
  if (filter.lane === 'all' && words.length === 0) return [...rows];
  return rows.filter((index) => {
    const row = timeline.rows[index];
    if (row === undefined) return false;
    if (filter.lane !== 'all' && laneOf(row) !== filter.lane) return false;
    if (words.length === 0) return true;
    const text = haystack(timeline, row);
    return words.every((word) => text.includes(word));
  });
}
