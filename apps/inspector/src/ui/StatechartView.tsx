import {
  type KeyboardEvent,
  type MouseEvent,
  type ReactNode,
  useCallback,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
} from 'react';
import { LABEL_FONT, LINE, transitionLabel } from '../chart/buildElkGraph.ts';
import type { ChartEdge, ChartLayout, ChartNode } from '../chart/layoutChart.ts';
import type { Box } from '../chart/placeEdgeLabels.ts';
import { allNodes, type MachineNode } from '../chart/readMachineDefinition.ts';
import { roundedPath } from '../chart/roundedPath.ts';
import { textBoxes } from '../chart/textBoxes.ts';
import { boundsOf, centreOn, fitReadable, type Size, type Viewport, zoomAt } from '../chart/viewport.ts';

/** `focus`: the active states, their neighbours and the main path (readable at fit); `full`: every state and edge. */
export type ChartView = 'focus' | 'full';

/** Props of {@link StatechartView}. */
export interface StatechartViewProps {
  readonly machineName: string;
  readonly layout: ChartLayout | null;
  readonly error: string | null;
  /** The machine, for the list of a clicked state's transitions (all of them, whatever the view draws). */
  readonly root: MachineNode | null;
  readonly activeIds: ReadonlySet<string>;
  readonly takenEdgeIds: readonly string[];
  /** Changes whenever a new transition should animate (the selected row). */
  readonly animationKey: string;
  readonly stateText: string;
  readonly view: ChartView;
  readonly onView: (view: ChartView) => void;
}

function NodeShape({
  node,
  active,
  selected,
  onSelect,
}: {
  node: ChartNode;
  active: boolean;
  selected: boolean;
  onSelect: (id: string) => void;
}) {
  const classes = [
    'node',
    `node--${node.kind}`,
    node.collapsed === true ? 'node--collapsed' : '',
    node.region === true ? 'node--region' : '',
    active ? 'node--active' : '',
    selected ? 'node--selected' : '',
  ].join(' ');
  if (node.kind === 'initial') {
    return <circle className="initial-dot" cx={node.x + node.width / 2} cy={node.y + node.height / 2} r={5} />;
  }
  const compound = node.kind === 'compound' || node.kind === 'parallel';
  return (
    <g
      className={classes}
      data-state-id={node.id}
      data-active={active ? 'true' : undefined}
      {...(node.kind === 'any'
        ? {}
        : {
            role: 'button',
            tabIndex: -1,
            'aria-label': `${node.label} — list its transitions`,
            onClick: (event: MouseEvent) => {
              // A compound box contains its children: the innermost state clicked wins.
              event.stopPropagation();
              onSelect(node.id);
            },
            onKeyDown: (event: KeyboardEvent) => {
              if (event.key === 'Enter') onSelect(node.id);
            },
          })}
    >
      {node.description === null ? null : <title>{node.description}</title>}
      <rect x={node.x} y={node.y} width={node.width} height={node.height} rx={node.kind === 'any' ? 11 : 8} />
      <text
        className="node__label"
        x={compound || node.kind === 'any' ? node.x + 10 : node.x + node.width / 2}
        y={node.y + (node.kind === 'any' ? 15 : 18)}
        textAnchor={compound || node.kind === 'any' ? 'start' : 'middle'}
      >
        {node.label}
      </text>
      {node.invokes.map((src, index) => (
        <text
          key={src}
          className="node__invoke"
          x={compound ? node.x + 10 : node.x + node.width / 2}
          y={node.y + 18 + LINE * (index + 1) - 2}
          textAnchor={compound ? 'start' : 'middle'}
        >
          invoke {src}
        </text>
      ))}
    </g>
  );
}

function EdgeShape({
  edge,
  taken,
  markerId,
  takenMarkerId,
}: {
  edge: ChartEdge;
  taken: boolean;
  markerId: string;
  takenMarkerId: string;
}) {
  return (
    <g className={`edge edge--${edge.kind}${taken ? ' edge--taken' : ''}`} data-edge-id={edge.id}>
      {edge.lines.length === 0 ? null : <title>{edge.lines.join('\n')}</title>}
      <path d={roundedPath(edge.points)} markerEnd={`url(#${taken ? takenMarkerId : markerId})`} />
    </g>
  );
}

function EdgeLabel({ edge, box, taken }: { edge: ChartEdge; box: Box | null; taken: boolean }) {
  if (box === null || edge.lines.length === 0) return null;
  return (
    <g className={`edge-label${taken ? ' edge-label--taken' : ''}`} data-label-for={edge.id}>
      <rect x={box.x} y={box.y} width={box.width} height={box.height} rx={3} />
      {edge.lines.map((line, index) => (
        // Lines of one edge are distinct: equal ones would be the same transition twice.
        <text key={line} x={box.x + 4} y={box.y + LABEL_FONT + 1 + LINE * index}>
          {line}
        </text>
      ))}
    </g>
  );
}

/** The deepest active states: what "centre on active" aims at. */
function activeLeaves(layout: ChartLayout, activeIds: ReadonlySet<string>): ChartNode[] {
  const active = layout.nodes.filter((node) => activeIds.has(node.id));
  return active.filter((node) => !active.some((other) => other.id.startsWith(`${node.id}.`)));
}

/** The transitions a state owns, as the list shown when it is clicked. */
function transitionsOf(root: MachineNode | null, stateId: string) {
  const node = root === null ? undefined : allNodes(root).find((n) => n.id === stateId);
  if (node === undefined) return null;
  return {
    key: node.key,
    rows: node.transitions.map((t, index) => ({
      id: `${index}`,
      label: transitionLabel(t),
      to: t.targets.length === 0 ? '(stays)' : t.targets.map((id) => id.slice(id.lastIndexOf('.') + 1)).join(', '),
    })),
  };
}

/**
 * The statechart: compound states as boxes (parallel regions dashed, side by side), one edge per transition with its
 * label beside it (guards in brackets, `after <delay>` for delayed ones, dashed for `always`), the active states
 * highlighted and the transitions of the selected event animated along their edges (a travelling dot; CSS turns it
 * off under prefers-reduced-motion). Wheel zooms around the cursor, dragging pans, **Fit** shows everything (or, when
 * that would draw text below 11 px, the part around the active state, with a note saying so), **Centre** brings the
 * active state to the middle, and clicking a state lists its transitions.
 *
 * @example
 * ```tsx
 * <StatechartView machineName="dcr" layout={chart.layout} error={null} root={root} activeIds={active}
 *   takenEdgeIds={[]} animationKey="0" stateText="tokenValid" view="focus" onView={setView} />
 * ```
 */
export function StatechartView(props: StatechartViewProps) {
  const { layout, activeIds, takenEdgeIds, view } = props;
  const canvasRef = useRef<HTMLDivElement>(null);
  const [canvas, setCanvas] = useState<Size>({ width: 0, height: 0 });
  // null: fitted (refitted when the panel or the chart changes size, and, while fit shows only part of the chart, when
  // the active state moves); otherwise where the user put it.
  const [manual, setManual] = useState<Viewport | null>(null);
  const [selectedState, setSelectedState] = useState<string | null>(null);
  const drag = useRef<{ x: number; y: number; view: Viewport; moved: boolean } | null>(null);
  const panEnded = useRef(false);

  useEffect(() => {
    const element = canvasRef.current;
    if (element === null) return;
    const observer = new ResizeObserver(() => setCanvas({ width: element.clientWidth, height: element.clientHeight }));
    observer.observe(element);
    setCanvas({ width: element.clientWidth, height: element.clientHeight });
    return () => observer.disconnect();
  }, []);

  // Fit draws the whole chart unless its text would go below 11 px; then the part around the active state (and the
  // step just taken, when both fit), at 11 px, its edges between labels rather than through them.
  const text = useMemo(() => (layout === null ? [] : textBoxes(layout)), [layout]);
  const takenKey = takenEdgeIds.join('\n');
  // biome-ignore lint/correctness/useExhaustiveDependencies: the taken edges are compared by their ids.
  const fitted = useMemo(() => {
    const takenLabels = (layout?.edges ?? []).flatMap((edge) =>
      edge.labelBox !== null && takenEdgeIds.includes(edge.id) ? [edge.labelBox] : [],
    );
    return fitReadable({ width: layout?.width ?? 0, height: layout?.height ?? 0 }, canvas, {
      smallestFont: LABEL_FONT,
      around: layout === null ? null : boundsOf(activeLeaves(layout, activeIds)),
      alsoAround: boundsOf(takenLabels),
      text,
    });
  }, [layout, activeIds, canvas, text, takenKey]);
  const viewport = manual ?? fitted.view;
  const viewportRef = useRef(viewport);
  viewportRef.current = viewport;
  // Switching between the focus and the full chart starts from a fitted view of the new drawing.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset exactly when the view changes.
  useEffect(() => setManual(null), [view]);

  // React's onWheel is passive: a native listener is the only way to keep the page from scrolling while zooming.
  useEffect(() => {
    const element = canvasRef.current;
    if (element === null) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const rect = element.getBoundingClientRect();
      const factor = Math.exp(-event.deltaY * (event.deltaMode === 1 ? 0.05 : 0.0015));
      setManual(zoomAt(viewportRef.current, factor, { x: event.clientX - rect.left, y: event.clientY - rect.top }));
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, []);

  const centreActive = useCallback(() => {
    if (layout === null) return;
    const box = boundsOf(activeLeaves(layout, activeIds));
    if (box !== null) setManual(centreOn(viewportRef.current, box, canvas));
  }, [layout, activeIds, canvas]);
  const zoomBy = (factor: number) => setManual(zoomAt(viewport, factor, { x: canvas.width / 2, y: canvas.height / 2 }));

  const ids = useId();
  const markerId = `${ids}-arrow`;
  const takenMarkerId = `${ids}-arrow-taken`;
  const taken = new Set(takenEdgeIds);
  const listed = selectedState === null ? null : transitionsOf(props.root, selectedState);
  const head = (
    <div className="chart__head">
      <h2 className="panel__title">Statechart · {props.machineName}</h2>
      <span className="chart__state" data-testid="chart-state">
        {props.stateText}
      </span>
      <span className="chart__spacer" />
      <fieldset className="chart__tools">
        <legend className="visually-hidden">Chart view</legend>
        <button
          type="button"
          className="btn btn--small"
          aria-pressed={view === 'focus'}
          data-testid="view-focus"
          onClick={() => props.onView('focus')}
          title="The active state, where it can go, and the main path"
        >
          Focus
        </button>
        <button
          type="button"
          className="btn btn--small"
          aria-pressed={view === 'full'}
          data-testid="view-full"
          onClick={() => props.onView('full')}
          title="Every state and every transition"
        >
          Full chart
        </button>
        <button type="button" className="btn btn--small" data-testid="chart-fit" onClick={() => setManual(null)}>
          Fit
        </button>
        <button
          type="button"
          className="btn btn--small"
          data-testid="chart-centre"
          onClick={centreActive}
          title="Centre on the active state"
        >
          Centre
        </button>
        <button type="button" className="btn btn--small" aria-label="Zoom out" onClick={() => zoomBy(1 / 1.25)}>
          −
        </button>
        <span className="chart__zoom" data-testid="chart-zoom">
          {Math.round(viewport.scale * 100)}%
        </span>
        <button type="button" className="btn btn--small" aria-label="Zoom in" onClick={() => zoomBy(1.25)}>
          +
        </button>
      </fieldset>
    </div>
  );

  let content: ReactNode;
  if (layout === null) {
    content = (
      <div className="chart__empty" aria-busy={props.error === null}>
        {props.error === null ? 'Laying out the statechart…' : `The statechart could not be laid out: ${props.error}`}
      </div>
    );
  } else {
    const edges = [...layout.edges].sort((a, b) => Number(taken.has(a.id)) - Number(taken.has(b.id)));
    const takenEdges = edges.filter((edge) => taken.has(edge.id));
    content = (
      // biome-ignore lint/a11y/useKeyWithClickEvents: a click on the background only closes the transitions card, which has its own close button.
      <svg
        role="img"
        aria-label={`Statechart of ${props.machineName}. Active: ${props.stateText || 'none'}.`}
        data-testid="statechart"
        data-scale={viewport.scale}
        onPointerDown={(event) => {
          if (event.button !== 0) return;
          drag.current = { x: event.clientX, y: event.clientY, view: viewport, moved: false };
        }}
        onPointerMove={(event) => {
          const start = drag.current;
          if (start === null) return;
          const dx = event.clientX - start.x;
          const dy = event.clientY - start.y;
          // A few pixels of jitter is still a click (on a state), not a pan.
          if (!start.moved && Math.hypot(dx, dy) < 4) return;
          if (!start.moved) event.currentTarget.setPointerCapture(event.pointerId);
          start.moved = true;
          setManual({ ...start.view, x: start.view.x + dx, y: start.view.y + dy });
        }}
        onPointerUp={() => {
          panEnded.current = drag.current?.moved === true;
          drag.current = null;
        }}
        onClickCapture={(event) => {
          // The click that ends a pan must not select (or unselect) the state under the pointer.
          if (panEnded.current) event.stopPropagation();
          panEnded.current = false;
        }}
        onClick={() => setSelectedState(null)}
      >
        <defs>
          <marker
            id={markerId}
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="7"
            markerHeight="7"
            orient="auto-start-reverse"
          >
            <path className="arrow" d="M0,0 L10,5 L0,10 z" />
          </marker>
          <marker
            id={takenMarkerId}
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="7"
            markerHeight="7"
            orient="auto-start-reverse"
          >
            <path className="arrow arrow--taken" d="M0,0 L10,5 L0,10 z" />
          </marker>
        </defs>
        <g transform={`translate(${viewport.x} ${viewport.y}) scale(${viewport.scale})`} data-testid="chart-world">
          {layout.nodes.map((node) => (
            <NodeShape
              key={node.id}
              node={node}
              active={activeIds.has(node.id)}
              selected={node.id === selectedState}
              onSelect={setSelectedState}
            />
          ))}
          {edges.map((edge) => (
            <EdgeShape
              key={edge.id}
              edge={edge}
              taken={taken.has(edge.id)}
              markerId={markerId}
              takenMarkerId={takenMarkerId}
            />
          ))}
          {edges.map((edge) => (
            <EdgeLabel key={edge.id} edge={edge} box={edge.labelBox} taken={taken.has(edge.id)} />
          ))}
          {takenEdges.map((edge) => (
            <circle
              key={`${props.animationKey}:${edge.id}`}
              className="edge-dot"
              r={5}
              cx={0}
              cy={0}
              style={{ offsetPath: `path('${roundedPath(edge.points)}')` }}
            />
          ))}
        </g>
      </svg>
    );
  }
  return (
    <div className="chart panel" data-panel="chart">
      {head}
      <div
        className={`chart__canvas${manual === null ? '' : ' chart__canvas--moved'}`}
        ref={canvasRef}
        data-testid="chart-canvas"
      >
        {content}
        {listed === null ? null : (
          <section className="state-card" aria-label={`Transitions of ${listed.key}`} data-testid="state-card">
            <div className="state-card__head">
              <h3>{listed.key}</h3>
              <button
                type="button"
                className="btn btn--small"
                aria-label="Close the list of transitions"
                onClick={() => setSelectedState(null)}
              >
                ×
              </button>
            </div>
            {listed.rows.length === 0 ? (
              <p className="state-card__empty">No transitions of its own (its parent’s still apply).</p>
            ) : (
              <ul>
                {listed.rows.map((row) => (
                  <li key={row.id}>
                    <span className="state-card__event">{row.label}</span> → {row.to}
                  </li>
                ))}
              </ul>
            )}
          </section>
        )}
      </div>
      <p className="chart__legend">
        <span>solid: event</span>
        <span>dotted: after (delay)</span>
        <span>dashed: always / seen at run time</span>
        <span className="chart__legend-taken">blue: last step</span>
        <span>{view === 'focus' ? 'focus: closed boxes ▸ hide their inside' : 'full chart'}</span>
        {/* In the legend, not over the chart: a note on the canvas would cover part of what it is about. */}
        {manual === null && fitted.partial && layout !== null ? (
          <span className="chart__partial" data-testid="chart-partial">
            Part of the chart, at a readable size — drag or zoom out to see the rest
          </span>
        ) : (
          <span>wheel: zoom · drag: pan · click a state: its transitions</span>
        )}
      </p>
    </div>
  );
}
