import { resultingState, type Timeline, type TimelineRow } from '../model/buildTimeline.ts';
import { formatClock } from '../model/formatDuration.ts';
import { prettyJson } from '../model/redactForDisplay.ts';

/** Props of {@link DetailsPanel}. */
export interface DetailsPanelProps {
  readonly timeline: Timeline;
  readonly row: TimelineRow | null;
  readonly secrets: readonly string[];
}

/** The selected row in full: its redacted payload, where it came from, and what it led to. */
export function DetailsPanel({ timeline, row, secrets }: DetailsPanelProps) {
  if (row === null) {
    return (
      <section className="details panel" aria-label="Event details">
        <h2 className="panel__title">Event</h2>
        <p className="details__meta">Select an event to see its payload.</p>
      </section>
    );
  }
  const actor = timeline.actors.get(row.actorId);
  const state = resultingState(timeline, row);
  return (
    <section className="details panel" aria-label="Event details" data-testid="details">
      <h2 className="panel__title">
        {row.kind === 'meta' ? 'Note' : row.kind === 'actor' ? 'Actor' : 'Event'} · {row.type}
      </h2>
      <div className="details__meta">
        {formatClock(row.at)} UTC · to {actor?.name ?? row.actorId}
        {row.sourceName === null ? ` · from ${row.source}` : ` · from ${row.sourceName}`}
        {state === '' ? '' : ` · → ${state}`}
        {row.transitions.length > 0
          ? ` · ${row.transitions.map((t) => `${t.source.split('.').at(-1)} → ${t.targets.map((x) => x.split('.').at(-1)).join(', ')}`).join('; ')}`
          : ''}
      </div>
      <pre className="mono">{prettyJson(row.payload, { secrets })}</pre>
    </section>
  );
}
