import { toJsonl } from '@dcrflow/inspect';
import type { WireEvent } from './wireTypes.ts';

/**
 * Serialises a session as a JSONL recording (inspect-wire.md): a `meta` line labelled `recording` first (unless the
 * events already start with one), then one wire event per line in order (@dcrflow/inspect's `toJsonl`, which
 * validates every event).
 *
 * @example
 * ```ts
 * const blob = new Blob([exportRecording(events, { source: 'teaching' })], { type: 'application/x-ndjson' });
 * ```
 */
export function exportRecording(events: readonly WireEvent[], note: Record<string, unknown> = {}): string {
  const first = events[0];
  if (first === undefined) return '';
  if (first.kind === 'meta' && first.label === 'recording') return toJsonl(events);
  const header: WireEvent = {
    v: 1,
    seq: 0,
    at: first.at,
    sessionId: first.sessionId,
    actorId: 'recording',
    kind: 'meta',
    label: 'recording',
    data: { note: 'exported by the dcrflow inspector', events: events.length, ...note },
  };
  return toJsonl([header, ...events]);
}
