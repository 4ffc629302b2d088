import { useId, useMemo, useState } from 'react';
import { LABEL_FONT, LINE } from '../chart/buildElkGraph.ts';
import type { ChartEdge, ChartLayout, ChartNode } from '../chart/layoutChart.ts';
import { type Box, placeEdgeLabels } from '../chart/placeEdgeLabels.ts';
import { roundedPath } from '../chart/roundedPath.ts';
import { measureInBrowser } from './measureInBrowser.ts';

/** `context`: labels of the transitions possible now and the one just taken; `all`: every label (a larger chart). */
export type LabelMode = 'context' | 'all';

/** Props of {@link StatechartView}. */
export interface StatechartViewProps {
  readonly machineName: string;
  readonly layout: ChartLayout | null;
  readonly error: string | null;
  readonly activeIds: ReadonlySet<string>;
  readonly takenEdgeIds: readonly string[];
  /** Changes whenever a new transition should animate (the selected row). */
  readonly animationKey: string;
  readonly stateText: string;
  readonly labelMode: LabelMode;
  readonly onLabelMode: (mode: LabelMode) => void;
}

function NodeShape({ node, active }: { node: ChartNode; active: boolean }) {
  const classes = ['node', `node--${node.kind}`, active ? 'node--active' : ''].join(' ');
  if (node.kind === 'initial') {
    return <circle className="initial-dot" cx={node.x + node.width / 2} cy={node.y + node.height / 2} r={5} />;
  }
  const compound = node.kind === 'compound' || node.kind === 'parallel';
  return (
    <g className={classes} data-state-id={node.id} data-active={active ? 'true' : undefined}>
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
    <g className={`edge-label${taken ? ' edge-label--taken' : ''}`}>
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

/**
 * The statechart: compound states as boxes, transitions as labelled edges (guards in brackets, `after <delay>` for
 * delayed ones, dashed for `always`), the active states highlighted and the last transition animated along its edge
 * (a travelling dot; CSS turns it off under prefers-reduced-motion).
 */
export function StatechartView(props: StatechartViewProps) {
  const { layout, activeIds, takenEdgeIds, labelMode } = props;
  const [fit, setFit] = useState(true);
  const labelBoxes = useMemo(() => {
    if (layout === null) return new Map<string, Box>();
    if (labelMode === 'all') {
      return new Map(
        layout.edges.flatMap((edge) => (edge.labelBox === null ? [] : [[edge.id, edge.labelBox] as const])),
      );
    }
    const taken = new Set(takenEdgeIds);
    // The transitions possible from here (owned by an active state) and the one just taken; the taken one first.
    const wanted = layout.edges
      .filter(
        (edge) =>
          edge.lines.length > 0 && (taken.has(edge.id) || edge.transitions.some((t) => activeIds.has(t.source))),
      )
      .sort((a, b) => Number(taken.has(b.id)) - Number(taken.has(a.id)));
    // State boxes, and the title strip of compound boxes (their body is mostly empty space labels may use).
    const obstacles = layout.nodes.map((node) =>
      node.kind === 'compound' || node.kind === 'parallel'
        ? { x: node.x, y: node.y, width: node.width, height: 26 }
        : node,
    );
    return placeEdgeLabels(
      wanted.map((edge) => ({
        id: edge.id,
        points: edge.points,
        width: Math.max(...edge.lines.map((line) => measureInBrowser(line, LABEL_FONT))) + 8,
        height: LINE * edge.lines.length,
      })),
      obstacles,
    );
  }, [layout, labelMode, activeIds, takenEdgeIds]);
  const ids = useId();
  const markerId = `${ids}-arrow`;
  const takenMarkerId = `${ids}-arrow-taken`;
  if (layout === null) {
    return (
      <div className="chart panel" aria-busy={props.error === null}>
        <div className="chart__empty">
          {props.error === null ? 'Laying out the statechart…' : `The statechart could not be laid out: ${props.error}`}
        </div>
      </div>
    );
  }
  const taken = new Set(takenEdgeIds);
  const edges = [...layout.edges].sort((a, b) => Number(taken.has(a.id)) - Number(taken.has(b.id)));
  const takenEdges = edges.filter((edge) => taken.has(edge.id));
  return (
    <div className={`chart panel${fit ? '' : ' chart--actual'}`}>
      <div className="chart__head">
        <h2 className="panel__title">Statechart · {props.machineName}</h2>
        <span className="chart__state" data-testid="chart-state">
          {props.stateText}
        </span>
        <span className="chart__spacer" />
        <button
          type="button"
          className="btn btn--small"
          aria-pressed={labelMode === 'all'}
          onClick={() => props.onLabelMode(labelMode === 'all' ? 'context' : 'all')}
          title="Show every transition label (a larger chart), or only those possible now"
        >
          All labels
        </button>
        <button type="button" className="btn btn--small" aria-pressed={!fit} onClick={() => setFit(!fit)}>
          Actual size
        </button>
      </div>
      <div className="chart__canvas">
        <svg
          viewBox={`0 0 ${layout.width} ${layout.height}`}
          preserveAspectRatio="xMidYMin meet"
          width={layout.width}
          height={layout.height}
          role="img"
          aria-label={`Statechart of ${props.machineName}. Active: ${props.stateText || 'none'}.`}
          data-testid="statechart"
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
          {layout.nodes.map((node) => (
            <NodeShape key={node.id} node={node} active={activeIds.has(node.id)} />
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
            <EdgeLabel key={edge.id} edge={edge} box={labelBoxes.get(edge.id) ?? null} taken={taken.has(edge.id)} />
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
        </svg>
      </div>
      <p className="chart__legend">
        <span>solid: event</span>
        <span>dotted: after (delay)</span>
        <span>dashed: always / seen at run time</span>
        <span className="chart__legend-taken">blue: last transition</span>
        <span>labels: what can happen now{labelMode === 'all' ? ' (all shown)' : ''}</span>
        <span>keys: ← → step · space play · Esc latest</span>
      </p>
    </div>
  );
}
