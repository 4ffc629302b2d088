import {
  type CSSProperties,
  type DragEvent,
  useCallback,
  useEffect,
  useMemo,
  useReducer,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react';
import { activeStateIds } from '../chart/activeStateIds.ts';
import { edgesForTransitions, inferTransitions } from '../chart/edgesForTransitions.ts';
import { extraTransitions } from '../chart/extraTransitions.ts';
import { focusView } from '../chart/focusView.ts';
import { readMachineDefinition } from '../chart/readMachineDefinition.ts';
import { snapshotAtEvent } from '../model/buildTimeline.ts';
import { filterRows, type RowFilter } from '../model/filterRows.ts';
import { formatStateValue } from '../model/formatStateValue.ts';
import { LIVE, playback } from '../model/playback.ts';
import { redactWireEvent } from '../model/redactForDisplay.ts';
import { momentAt } from '../model/timeTravel.ts';
import { createPageSource } from '../sources/createPageSource.ts';
import { createRecordingSource } from '../sources/createRecordingSource.ts';
import { createTeachingSource, type TeachingSource } from '../sources/createTeachingSource.ts';
import { createWebSocketSource } from '../sources/createWebSocketSource.ts';
import type { InspectorSource, SourceKind } from '../sources/InspectorSource.ts';
import { type QueryRequest, viewerUrl } from '../sources/relayUrl.ts';
import { captionFor } from '../teaching/captionFor.ts';
import { exportRecording } from '../wire/exportRecording.ts';
import { ContextPanel } from './ContextPanel.tsx';
import { DetailsPanel } from './DetailsPanel.tsx';
import { GuideBar } from './GuideBar.tsx';
import { LastStepStrip } from './LastStepStrip.tsx';
import { PlaybackBar } from './PlaybackBar.tsx';
import { ResizeHandle } from './ResizeHandle.tsx';
import { type ChartView, StatechartView } from './StatechartView.tsx';
import { TeachingPanel } from './TeachingPanel.tsx';
import { TimelineView } from './TimelineView.tsx';
import { useChartLayout } from './useChartLayout.ts';
import { useTimeline } from './useTimeline.ts';

const PLAY_INTERVAL_MS = 700;
const NO_SECRETS: readonly string[] = [];

function initialSource(request: QueryRequest): { source: InspectorSource; problem: string | null } {
  if (request.kind === 'websocket') {
    if (request.relay.ok) return { source: createWebSocketSource({ url: request.relay.url }), problem: null };
    return { source: createTeachingSource(), problem: request.relay.message };
  }
  if (request.kind === 'page') return { source: createPageSource(), problem: null };
  return { source: createTeachingSource(), problem: null };
}

/** Keys keep their native meaning where they edit text or pick an option. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}

/** A focused button or link activates on Space: there, Space is not "play". */
function activatesOnSpace(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.tagName === 'BUTTON' || target.tagName === 'A');
}

/** Props of {@link App}. */
export interface AppProps {
  readonly request: QueryRequest;
  /** Exposes the teaching sandbox's secrets on `window` for the end-to-end secret scan (`?hooks=test`). */
  readonly testHooks: boolean;
}

/** The inspector: one source at a time behind {@link InspectorSource}, and the views over it. */
export function App({ request, testHooks }: AppProps) {
  const [{ source, problem }, setSourceState] = useState(() => initialSource(request));
  const [relayInput, setRelayInput] = useState(
    request.kind === 'websocket' && request.relay.ok ? request.relay.url : '',
  );
  const [banner, setBanner] = useState<string | null>(problem);
  const [dragging, setDragging] = useState(false);
  // Panel layout: the side column's width (null: scales with the window) and which panels are hidden.
  const [sideWidth, setSideWidth] = useState<number | null>(null);
  const [sideHidden, setSideHidden] = useState(false);
  const [teachingHidden, setTeachingHidden] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const switchTo = useCallback((next: InspectorSource) => setSourceState({ source: next, problem: null }), []);
  // The previous source is closed when another replaces it (and on unmount).
  useEffect(() => () => source.close(), [source]);

  useEffect(() => {
    if (!testHooks) return;
    const hooks = {
      secrets: () => (source.kind === 'teaching' ? (source as TeachingSource).runtime().secrets() : []),
    };
    (globalThis as { dcrflowInspectorTest?: typeof hooks }).dcrflowInspectorTest = hooks;
  }, [source, testHooks]);

  const snapshot = useSyncExternalStore(source.subscribe, source.snapshot);
  const timeline = useTimeline(snapshot);
  const [showAll, setShowAll] = useState(false);
  const [rowFilter, setRowFilter] = useState<RowFilter>({ lane: 'all', text: '' });
  const visible = showAll ? null : timeline.machineRows;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the timeline is mutated in place; version tracks it.
  const visibleRows = useMemo(
    () => filterRows(timeline, visible ?? timeline.rows.map((row) => row.index), rowFilter),
    [visible, timeline, snapshot.version, showAll, rowFilter],
  );

  const [play, dispatch] = useReducer(playback, LIVE);
  const [speed, setSpeed] = useState(1);
  // A new log (teaching reset, another source) invalidates the selection.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset exactly when the event log changes identity.
  useEffect(() => dispatch({ type: 'live' }), [snapshot.events]);
  useEffect(() => {
    if (!play.playing) return;
    const timer = setInterval(() => dispatch({ type: 'tick', visible: visibleRows }), PLAY_INTERVAL_MS / speed);
    return () => clearInterval(timer);
  }, [play.playing, visibleRows, speed]);

  // Teaching mode knows the sandbox's secret values: the views redact them by value too (defence in depth).
  // biome-ignore lint/correctness/useExhaustiveDependencies: new secrets can only appear with new events.
  const secrets = useMemo(
    () => (source.kind === 'teaching' ? (source as TeachingSource).runtime().secrets() : NO_SECRETS),
    [source, snapshot.version],
  );
  const step = useCallback(
    (direction: 1 | -1) => dispatch({ type: 'step', direction, visible: visibleRows }),
    [visibleRows],
  );
  const select = useCallback((row: number | null) => dispatch({ type: 'select', row }), []);

  // Guided teaching: the run's transitions one at a time (position in `guideRows`), null when off.
  const [guide, setGuide] = useState<number | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the timeline is mutated in place; version tracks it.
  const guideRows = useMemo(
    () =>
      guide === null
        ? []
        : timeline.machineRows.filter((index) => {
            const row = timeline.rows[index]!;
            return row.kind === 'event' && row.transitions.length > 0;
          }),
    [guide === null, timeline, snapshot.version],
  );
  const moveGuide = (position: number) => setGuide(Math.max(0, Math.min(position, guideRows.length - 1)));
  // Started from the teaching panel when a run ends: that callback may come from a render before the run's new log,
  // so it only sets the position; this effect selects the row from the current timeline.
  const startGuide = useCallback(() => setGuide(0), []);
  const guideRow = guide === null ? undefined : guideRows[guide];
  useEffect(() => {
    if (guideRow !== undefined) select(guideRow);
  }, [guideRow, select]);
  // Another source ends the guided walk (a new run ends it through onRunStart: resetting on the log's identity would
  // race a run that finishes before React renders its new log).
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset exactly when the source changes.
  useEffect(() => setGuide(null), [source]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event.target) || event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.key === 'ArrowLeft') step(-1);
      else if (event.key === 'ArrowRight') step(1);
      else if (event.key === ' ' && !activatesOnSpace(event.target)) dispatch({ type: 'toggle', visible: visibleRows });
      else if (event.key === 'Escape') dispatch({ type: 'live' });
      else if (event.key === '/') document.getElementById('timeline-search')?.focus();
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [step, visibleRows]);
  // A mouse click must not leave focus on the button it pressed: Space would press it again instead of playing.
  // Keyboard users keep focus where Tab put it (mouse only; text fields and selects keep theirs).
  useEffect(() => {
    const onMouseDown = (event: MouseEvent) => {
      const button = event.target instanceof Element ? event.target.closest('button') : null;
      // Cancelling mousedown is what stops the browser from focusing what was clicked; the click still fires.
      if (button !== null) event.preventDefault();
    };
    window.addEventListener('mousedown', onMouseDown);
    return () => window.removeEventListener('mousedown', onMouseDown);
  }, []);

  // ---- the moment shown (time travel) ----
  const selectedRow = play.selected === null ? null : (timeline.rows[play.selected] ?? null);
  const headRow = visibleRows.at(-1) ?? null;
  const moment = momentAt(timeline, play.selected ?? headRow);
  const root = useMemo(() => readMachineDefinition(moment.definition), [moment.definition]);
  const observed = moment.actorId === null ? undefined : timeline.observedTransitions.get(moment.actorId);
  // biome-ignore lint/correctness/useExhaustiveDependencies: observed transitions grow in place; size tracks them.
  const extra = useMemo(
    () => (root === null ? [] : extraTransitions(root, observed?.values() ?? [])),
    [root, observed, observed?.size],
  );
  const [chartView, setChartView] = useState<ChartView>('focus');
  const activeIds = useMemo(
    () => (root === null ? new Set<string>() : activeStateIds(root, moment.snapshot?.value)),
    [root, moment.snapshot],
  );
  const focus = useMemo(
    () => (root === null || chartView === 'full' ? null : focusView(root, activeIds, moment.transitions)),
    [root, chartView, activeIds, moment.transitions],
  );
  const chart = useChartLayout(moment.definition, extra, focus);
  const takenEdgeIds = useMemo(() => {
    if (chart === null || moment.row === null) return [];
    const edges = chart.input.edges.values();
    if (moment.transitions.length > 0) return edgesForTransitions(edges, moment.transitions);
    // Producers without microsteps: infer the transition from the snapshots before and after.
    if (root === null || moment.actorId === null || moment.row.kind !== 'event' || moment.row.resultIndex < 0)
      return [];
    const before = momentAt(timeline, moment.row.index > 0 ? moment.row.index - 1 : null, moment.actorId);
    const beforeIds = activeStateIds(root, before.snapshot?.value);
    return edgesForTransitions(
      chart.input.edges.values(),
      inferTransitions(edges, beforeIds, activeIds, moment.row.type),
    );
  }, [chart, moment, root, activeIds, timeline]);
  // The context just before the step shown, for the context diff.
  const contextBefore = useMemo(() => {
    const stepRow = moment.stepRow;
    if (stepRow === null || moment.actorId === null) return undefined;
    const before = snapshotAtEvent(timeline, moment.actorId, stepRow.eventIndex - 1);
    return before === null ? undefined : before.snapshot.context;
  }, [timeline, moment.stepRow, moment.actorId]);
  const stateText = formatStateValue(moment.snapshot?.value);
  const machineName =
    moment.actorId === null ? 'no machine yet' : (timeline.actors.get(moment.actorId)?.name ?? moment.actorId);
  const following = play.selected === null;

  // ---- sources ----
  const openRecording = async (file: File) => {
    const text = await file.text();
    switchTo(createRecordingSource(text, file.name));
    setBanner(null);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file !== undefined) void openRecording(file);
  };
  const exportSession = () => {
    const events = snapshot.events.slice(0, snapshot.count).map((event) => redactWireEvent(event, { secrets }));
    const blob = new Blob([exportRecording(events, { source: source.kind })], { type: 'application/x-ndjson' });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = `dcrflow-session-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  const choose = (kind: SourceKind) => {
    if (kind === source.kind && kind !== 'recording') return;
    setBanner(null);
    if (kind === 'teaching') switchTo(createTeachingSource());
    else if (kind === 'page') switchTo(createPageSource());
    else if (kind === 'recording') fileInput.current?.click();
    else if (kind === 'websocket') {
      const relay = viewerUrl(relayInput);
      if (relay.ok) switchTo(createWebSocketSource({ url: relay.url }));
      else setBanner(relay.message);
    }
  };

  const tabs: Array<[SourceKind, string]> = [
    ['teaching', 'Teaching'],
    ['page', 'Live · this browser'],
    ['websocket', 'Live · relay'],
    ['recording', 'Recording'],
  ];
  const teaching = source.kind === 'teaching' ? (source as TeachingSource) : null;
  const showTeaching = teaching !== null && !teachingHidden;
  const initialScenario = request.kind === 'teaching' ? request.scenario : null;

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the whole window is a drop zone for recordings; the keyboard path is the "Open recording…" button.
    <div
      className={`app${showTeaching ? ' app--teaching' : ''}`}
      onDragOver={(event) => {
        if (!event.dataTransfer.types.includes('Files')) return;
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(event) => {
        if (event.currentTarget === event.target) setDragging(false);
      }}
      onDrop={onDrop}
    >
      <header className="app__header">
        <h1 className="brand">
          <span className="brand__mark" aria-hidden="true" />
          dcrflow inspector
        </h1>
        <fieldset className="tabs">
          <legend className="visually-hidden">Event source</legend>
          {tabs.map(([kind, label]) => (
            <button
              key={kind}
              type="button"
              aria-pressed={source.kind === kind}
              onClick={() => choose(kind)}
              data-source={kind}
            >
              {label}
            </button>
          ))}
        </fieldset>
        {source.kind === 'websocket' || relayInput !== '' ? (
          <form
            className="connect"
            onSubmit={(event) => {
              event.preventDefault();
              choose('websocket');
            }}
          >
            <label className="visually-hidden" htmlFor="relay-url">
              Relay URL
            </label>
            <input
              id="relay-url"
              value={relayInput}
              placeholder="ws://127.0.0.1:PORT/?session=TOKEN"
              onChange={(event) => setRelayInput(event.target.value)}
            />
            <button type="submit" className="btn btn--small">
              Connect
            </button>
          </form>
        ) : null}
        <div className="status" role="status" data-testid="source-status">
          <span className={`status__dot status__dot--${snapshot.status.state}`} aria-hidden="true" />
          <span className="status__text" title={snapshot.status.message}>
            {snapshot.status.message}
          </span>
        </div>
        <div className="header__actions">
          <input
            ref={fileInput}
            type="file"
            accept=".jsonl,.ndjson,.json,application/x-ndjson,application/json"
            className="visually-hidden"
            tabIndex={-1}
            aria-hidden="true"
            data-testid="recording-input"
            onChange={(event) => {
              const file = event.target.files?.[0];
              if (file !== undefined) void openRecording(file);
              event.target.value = '';
            }}
          />
          {teaching === null ? null : (
            <button
              type="button"
              className="btn btn--small"
              aria-pressed={!teachingHidden}
              data-testid="toggle-scenarios"
              onClick={() => setTeachingHidden(!teachingHidden)}
            >
              Scenarios
            </button>
          )}
          <button
            type="button"
            className="btn btn--small"
            aria-pressed={!sideHidden}
            data-testid="toggle-side"
            onClick={() => setSideHidden(!sideHidden)}
            title="Show or hide the context, timeline and details"
          >
            Timeline
          </button>
          <button type="button" className="btn" onClick={() => fileInput.current?.click()}>
            Open recording…
          </button>
          <button type="button" className="btn" onClick={exportSession} disabled={snapshot.count === 0}>
            Export JSONL
          </button>
        </div>
      </header>
      {banner === null ? null : (
        <div className="banner" role="alert">
          {banner}
        </div>
      )}
      <main
        className={`app__body${showTeaching ? ' app__body--teaching' : ''}${sideHidden ? ' app__body--no-side' : ''}`}
        style={sideWidth === null ? undefined : ({ '--side-width': `${sideWidth}px` } as CSSProperties)}
      >
        {!showTeaching ? null : (
          <TeachingPanel
            source={teaching}
            initialScenario={initialScenario}
            onStepThrough={startGuide}
            onRunStart={() => setGuide(null)}
          />
        )}
        <div className="centre">
          <PlaybackBar
            position={play.selected === null ? null : visibleRows.indexOf(play.selected)}
            total={visibleRows.length}
            at={moment.at}
            playing={play.playing}
            live={source.live}
            following={following}
            onFirst={() => dispatch({ type: 'first', visible: visibleRows })}
            onStep={step}
            onToggle={() => dispatch({ type: 'toggle', visible: visibleRows })}
            onLive={() => dispatch({ type: 'live' })}
            onScrub={(position) => select(visibleRows[position] ?? null)}
            speed={speed}
            onSpeed={setSpeed}
          />
          {guide === null || guideRows.length === 0 ? null : (
            <GuideBar
              position={guide}
              total={guideRows.length}
              caption={(() => {
                const row = timeline.rows[guideRows[guide]!]!;
                return captionFor(row.type, row.transitions);
              })()}
              onMove={(direction) => moveGuide(guide + direction)}
              onExit={() => {
                setGuide(null);
                dispatch({ type: 'live' });
              }}
            />
          )}
          <LastStepStrip step={moment.stepRow} carried={moment.stepRow !== null && moment.stepRow !== moment.row} />
          {moment.definition === null ? (
            <div className="chart panel">
              <div className="chart__empty">
                {snapshot.count === 0
                  ? source.kind === 'teaching'
                    ? 'Pick a scenario and press “Run scenario”, or press “Start app”.'
                    : 'Waiting for events…'
                  : 'No state machine in this session yet.'}
              </div>
            </div>
          ) : (
            <StatechartView
              machineName={machineName}
              layout={chart?.layout ?? null}
              error={chart?.error ?? null}
              activeIds={activeIds}
              takenEdgeIds={takenEdgeIds}
              animationKey={String(moment.row?.index ?? -1)}
              stateText={stateText}
              root={root}
              view={chartView}
              onView={setChartView}
            />
          )}
        </div>
        <ResizeHandle width={sideWidth} onWidth={setSideWidth} />
        <div className="side">
          <ContextPanel
            snapshot={moment.snapshot}
            at={moment.at}
            now={source.now}
            ticking={following && source.live}
            secrets={secrets}
            contextBefore={contextBefore}
          />
          <TimelineView
            timeline={timeline}
            version={snapshot.version}
            visible={visibleRows}
            selected={play.selected}
            onSelect={select}
            onStep={step}
            showAll={showAll}
            onShowAll={setShowAll}
            filter={rowFilter}
            onFilter={setRowFilter}
            secrets={secrets}
          />
          <DetailsPanel timeline={timeline} row={selectedRow} secrets={secrets} />
        </div>
      </main>
      <div className="visually-hidden" aria-live="polite">
        {stateText === '' ? '' : `State ${stateText}`}
      </div>
      {dragging ? <div className="drop-overlay">Drop a JSONL recording to open it</div> : null}
    </div>
  );
}
