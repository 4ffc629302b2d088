import type { ElkEdgeSection, ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import type { ChartEdgeInfo, ChartNodeInfo, ElkGraphInput } from './buildElkGraph.ts';

/** A point in chart coordinates. */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/** A laid-out node, absolute coordinates. */
export interface ChartNode extends ChartNodeInfo {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A laid-out edge: its polyline and label box, absolute coordinates. */
export interface ChartEdge extends ChartEdgeInfo {
  readonly points: readonly Point[];
  readonly labelBox: { readonly x: number; readonly y: number; readonly width: number; readonly height: number } | null;
}

/** Everything the statechart view draws. */
export interface ChartLayout {
  readonly width: number;
  readonly height: number;
  /** Parents before children, so boxes paint underneath their content. */
  readonly nodes: readonly ChartNode[];
  readonly edges: readonly ChartEdge[];
}

function sectionPoints(section: ElkEdgeSection): Point[] {
  return [section.startPoint, ...(section.bendPoints ?? []), section.endPoint].map((p) => ({ x: p.x, y: p.y }));
}

/**
 * Converts ELK's laid-out graph (absolute coordinates, `elk.json.*Coords: ROOT`) into the flat {@link ChartLayout}.
 * Pure: exported for tests.
 *
 * @example
 * ```ts
 * const layout = toChartLayout(await elk.layout(input.graph), input);
 * ```
 */
export function toChartLayout(laidOut: ElkNode, input: Pick<ElkGraphInput, 'nodes' | 'edges'>): ChartLayout {
  const nodes: ChartNode[] = [];
  const collectEdges: ElkExtendedEdge[] = [...(laidOut.edges ?? [])];
  const visit = (node: ElkNode) => {
    for (const child of node.children ?? []) {
      const info = input.nodes.get(child.id);
      if (info !== undefined) {
        nodes.push({ ...info, x: child.x ?? 0, y: child.y ?? 0, width: child.width ?? 0, height: child.height ?? 0 });
      }
      collectEdges.push(...(child.edges ?? []));
      visit(child);
    }
  };
  visit(laidOut);
  const edges: ChartEdge[] = [];
  for (const edge of collectEdges) {
    const info = input.edges.get(edge.id);
    if (info === undefined) continue;
    const points = (edge.sections ?? []).flatMap(sectionPoints);
    const label = edge.labels?.[0];
    const labelBox =
      label === undefined
        ? null
        : { x: label.x ?? 0, y: label.y ?? 0, width: label.width ?? 0, height: label.height ?? 0 };
    edges.push({ ...info, points, labelBox });
  }
  return { width: laidOut.width ?? 0, height: laidOut.height ?? 0, nodes, edges };
}

/** What layoutChart needs of an ELK instance (the bundled one, or elk-api talking to a worker). */
export interface ElkLike {
  layout(graph: ElkNode): Promise<ElkNode>;
}

let inPage: Promise<ElkLike> | null = null;

/**
 * Lays out a statechart with ELK's layered algorithm. By default elkjs's bundled build runs in the calling thread
 * (tests, Node; imported on first use); the app passes an ELK running in a Web Worker. A 20-state chart takes a few hundred milliseconds.
 *
 * @example
 * ```ts
 * const layout = await layoutChart(buildElkGraph(root));
 * ```
 */
export async function layoutChart(input: ElkGraphInput, elk?: ElkLike): Promise<ChartLayout> {
  // Loaded on demand: the app uses its worker, so the 1.6 MB in-page build never reaches its main bundle.
  inPage ??= elk === undefined ? import('elkjs/lib/elk.bundled.js').then(({ default: ELK }) => new ELK()) : null;
  const engine = elk ?? (await inPage!);
  // ELK mutates its input: give it a copy so the same input can be laid out twice.
  const laidOut = await engine.layout(structuredClone(input.graph));
  return toChartLayout(laidOut, input);
}
