import { type KeyboardEvent, memo, useLayoutEffect, useRef, useState } from 'react';
import { resultingState, type Timeline, type TimelineRow } from '../model/buildTimeline.ts';
import { httpRecordOf, type RowFilter, type TimelineLane } from '../model/filterRows.ts';
import { formatOffset } from '../model/formatDuration.ts';
import { previewJson, redactForDisplay } from '../model/redactForDisplay.ts';
import { scrollTopFor, windowRange } from '../model/windowRange.ts';

/** Must match --row in styles.css. */
export const ROW_HEIGHT = 28;
const OVERSCAN = 8;

/** Props of {@link TimelineView}. */
export interface TimelineViewProps {
  readonly timeline: Timeline;
  /** Changes whenever the timeline grew (it is mutated in place). */
  readonly version: number;
  /** Row indexes shown, ascending. */
  readonly visible: readonly number[];
  readonly selected: number | null;
  readonly onSelect: (row: number | null) => void;
  readonly onStep: (direction: 1 | -1) => void;
  readonly showAll: boolean;
  readonly onShowAll: (all: boolean) => void;
  readonly filter: RowFilter;
  readonly onFilter: (filter: RowFilter) => void;
  readonly secrets: readonly string[];
}

const LANES: Array<[TimelineLane, string]> = [
  ['all', 'everything'],
  ['events', 'events'],
  ['http', 'HTTP'],
  ['notes', 'notes'],
];

/** A meta row's note in a few words: `step 3: The server forgets the client credentials.` */
function metaText(row: TimelineRow, secrets: readonly string[]): string {
  const data = row.payload;
  if (typeof data !== 'object' || data === null) return row.type;
  const record = data as Record<string, unknown>;
  const detail = [record.title, record.action, record.label, record.note].find((value) => typeof value === 'string');
  const step = typeof record.step === 'number' ? ` ${record.step}` : '';
  const verdict = typeof record.pass === 'boolean' ? (record.pass ? ' ✓ pass' : ' ✗ fail') : '';
  const text = detail === undefined ? '' : `: ${String(redactForDisplay(detail, { secrets }))}`;
  return `${row.type}${step}${text}${verdict}`;
}

function sourceText(row: TimelineRow): string {
  switch (row.source) {
    case 'child':
    case 'parent':
    case 'actor':
      return row.sourceName ?? row.source;
    default:
      return row.source;
  }
}

interface RowProps {
  readonly row: TimelineRow;
  /** 1-based position in the rows shown (the `#` column): gapless, as "Event N of M" counts. */
  readonly position: number;
  readonly selected: boolean;
  readonly origin: number;
  readonly state: string;
  readonly secrets: readonly string[];
  readonly onSelect: (row: number) => void;
}

const Row = memo(function Row({ row, position, selected, origin, state, secrets, onSelect }: RowProps) {
  const preview = previewJson(row.payload, 200, { secrets });
  const http = httpRecordOf(row);
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the listbox container handles the keyboard (aria-activedescendant).
    <div
      id={`row-${row.index}`}
      role="option"
      tabIndex={-1}
      aria-selected={selected}
      className={`row row--${http === null ? row.kind : 'http'}${http !== null && (http.status === null || http.status >= 400) ? ' row--http-error' : ''}`}
      onClick={() => onSelect(row.index)}
      title={preview}
      data-row={row.index}
      data-type={row.type}
    >
      <span className="row__seq">{position}</span>
      <span className="row__time">{formatOffset(row.at - origin)}</span>
      {http !== null ? (
        <>
          <span className="row__type row__type--http">
            {http.method} {String(redactForDisplay(http.path, { secrets }))}
          </span>
          <span className="source source--http">http</span>
          <span className="row__status" data-testid="http-status">
            {http.status ?? http.error ?? 'failed'} · {http.durationMs} ms
          </span>
        </>
      ) : row.kind === 'meta' ? (
        <span className="row__type row__type--note">{metaText(row, secrets)}</span>
      ) : (
        <>
          <span className="row__type">{row.kind === 'actor' ? `▸ ${row.type} started` : row.type}</span>
          <span className={`source source--${row.source}`}>{sourceText(row)}</span>
          <span className="row__state" data-testid="row-state">
            {state}
          </span>
        </>
      )}
    </div>
  );
});

/**
 * The event timeline, windowed by hand: only the rows in view (plus an overscan) are in the DOM, positioned inside
 * a spacer as tall as the whole list, so 10,000 events scroll like 40. A listbox: ↑/↓/←/→ step, Home/End jump,
 * Escape returns to the live head.
 */
export function TimelineView(props: TimelineViewProps) {
  const { timeline, visible, selected } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(400);
  const following = selected === null;

  useLayoutEffect(() => {
    const element = scroller.current;
    if (element === null) return;
    const observer = new ResizeObserver(() => setViewport(element.clientHeight));
    observer.observe(element);
    setViewport(element.clientHeight);
    return () => observer.disconnect();
  }, []);

  // Follow the newest row while live; otherwise keep the selected row in view.
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-run when the timeline grows (version).
  useLayoutEffect(() => {
    const element = scroller.current;
    if (element === null) return;
    let target: number;
    if (following) {
      target = Math.max(0, visible.length * ROW_HEIGHT - element.clientHeight);
    } else {
      const position = lowerBound(visible, selected);
      target = scrollTopFor({
        index: position,
        rowHeight: ROW_HEIGHT,
        scrollTop: element.scrollTop,
        viewportHeight: element.clientHeight,
      });
    }
    if (Math.abs(element.scrollTop - target) > 1) {
      element.scrollTop = target;
      setScrollTop(target);
    }
  }, [following, selected, visible.length, props.version]);

  const range = windowRange({
    count: visible.length,
    rowHeight: ROW_HEIGHT,
    scrollTop,
    viewportHeight: viewport,
    overscan: OVERSCAN,
  });
  const origin = timeline.rows[0]?.at ?? 0;
  const rows: TimelineRow[] = [];
  for (let i = range.start; i < range.end; i++) {
    const row = timeline.rows[visible[i]!];
    if (row !== undefined) rows.push(row);
  }

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowRight':
        props.onStep(1);
        break;
      case 'ArrowUp':
      case 'ArrowLeft':
        props.onStep(-1);
        break;
      case 'Home':
        props.onSelect(visible[0] ?? null);
        break;
      case 'End':
        props.onSelect(visible.at(-1) ?? null);
        break;
      case 'Escape':
        props.onSelect(null);
        break;
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  };

  return (
    <section className="timeline panel" aria-labelledby="timeline-title">
      <div className="timeline__head">
        <h2 className="panel__title" id="timeline-title">
          Timeline
        </h2>
        <span className="timeline__count" data-testid="timeline-count">
          {visible.length.toLocaleString('en')} of {timeline.rows.length.toLocaleString('en')} rows
        </span>
        <label className="timeline__filter">
          <input type="checkbox" checked={props.showAll} onChange={(event) => props.onShowAll(event.target.checked)} />
          all actors
        </label>
      </div>
      <div className="timeline__search">
        <label className="visually-hidden" htmlFor="timeline-search">
          Filter the timeline
        </label>
        <input
          id="timeline-search"
          type="search"
          placeholder="Filter: event, source, actor, path, status  ( / )"
          value={props.filter.text}
          data-testid="timeline-search"
          onChange={(event) => props.onFilter({ ...props.filter, text: event.target.value })}
          onKeyDown={(event) => {
            // Escape clears the filter first, then (empty) hands the keys back to the timeline.
            if (event.key === 'Escape' && props.filter.text !== '') {
              props.onFilter({ ...props.filter, text: '' });
              event.stopPropagation();
            } else if (event.key === 'Escape' || event.key === 'Enter') {
              scroller.current?.focus();
            }
          }}
        />
        <label className="visually-hidden" htmlFor="timeline-lane">
          Rows to list
        </label>
        <select
          id="timeline-lane"
          value={props.filter.lane}
          data-testid="timeline-lane"
          onChange={(event) => props.onFilter({ ...props.filter, lane: event.target.value as TimelineLane })}
        >
          {LANES.map(([lane, label]) => (
            <option key={lane} value={lane}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div className="timeline__columns" aria-hidden="true">
        <span>#</span>
        <span>time</span>
        <span>event</span>
        <span>source</span>
        <span>resulting state</span>
      </div>
      <div
        ref={scroller}
        className="timeline__scroll"
        role="listbox"
        tabIndex={0}
        aria-label="Events; arrow keys step through them, Escape follows the newest"
        aria-activedescendant={selected === null ? undefined : `row-${selected}`}
        onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
        onKeyDown={onKeyDown}
        data-testid="timeline"
      >
        <div className="timeline__spacer" style={{ height: range.totalHeight }}>
          <div className="timeline__window" style={{ transform: `translateY(${range.offsetTop}px)` }}>
            {rows.map((row, offset) => (
              <Row
                key={row.index}
                row={row}
                position={range.start + offset + 1}
                selected={row.index === selected}
                origin={origin}
                state={resultingState(timeline, row)}
                secrets={props.secrets}
                onSelect={props.onSelect}
              />
            ))}
          </div>
        </div>
      </div>
    </section>
  );
}

/** Position of `value` in ascending `list`, or of the last entry below it. */
function lowerBound(list: readonly number[], value: number | null): number {
  if (value === null) return list.length - 1;
  let lo = 0;
  let hi = list.length - 1;
  let found = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! <= value) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}
