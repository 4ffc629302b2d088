import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import { measureText } from './measureText.ts';
import type { MachineNode, MachineTransition } from './readMachineDefinition.ts';

/** A transition seen at run time (a microstep) that the definition JSON does not list, e.g. an `always`. */
export interface ObservedTransition {
  readonly source: string;
  readonly targets: readonly string[];
  readonly eventType: string;
}

/** What a chart edge stands for. */
export type ChartEdgeKind = 'event' | 'delayed' | 'always' | 'initial' | 'observed';

/** Data the view needs per edge, kept beside the ELK graph (ELK drops unknown fields). */
export interface ChartEdgeInfo {
  readonly id: string;
  /** Node ids as drawn (a root-level transition starts from the "any state" pseudo node). */
  readonly source: string;
  readonly target: string;
  /** The transitions drawn by this edge: transitions between the same two states share one edge. */
  readonly transitions: readonly EdgeTransition[];
  /** One line per transition. */
  readonly lines: readonly string[];
  /** The kind of the first transition (all `initial`, or the drawing style). */
  readonly kind: ChartEdgeKind;
}

/** One transition on a chart edge. */
export interface EdgeTransition {
  /** The state node that owns the transition (before the any-state substitution). */
  readonly source: string;
  readonly target: string;
  readonly eventType: string;
  readonly kind: ChartEdgeKind;
  readonly label: string;
  readonly guard: string | null;
  readonly delay: string | number | null;
}

/** Data the view needs per node. */
export interface ChartNodeInfo {
  readonly id: string;
  readonly label: string;
  readonly kind: 'atomic' | 'compound' | 'parallel' | 'final' | 'history' | 'initial' | 'any';
  readonly depth: number;
  readonly invokes: readonly string[];
  readonly description: string | null;
}

/** The ELK input graph plus the per-element data to draw it. */
export interface ElkGraphInput {
  readonly graph: ElkNode;
  readonly nodes: ReadonlyMap<string, ChartNodeInfo>;
  readonly edges: ReadonlyMap<string, ChartEdgeInfo>;
}

export const STATE_FONT = 13;
export const LABEL_FONT = 11;
/** Line height of state and label text. */
export const LINE = 16;
/** Pseudo node standing for "the machine, in any state" (root-level and ancestor-to-descendant transitions). */
export const ANY_STATE_SUFFIX = '::any';
export const INITIAL_SUFFIX = '::initial';

function formatDelay(delay: string | number | null): string {
  if (typeof delay === 'number') return delay >= 1000 && delay % 1000 === 0 ? `${delay / 1000} s` : `${delay} ms`;
  return delay ?? '?';
}

/**
 * The text of an edge label: `EVENT [guard]`, `after retryDelay`, `always [guard]`.
 *
 * @example
 * ```ts
 * transitionLabel({ eventType: 'TOKEN.FAILED', trigger: 'event', guard: 'isRevocation', delay: null }); // 'TOKEN.FAILED [isRevocation]'
 * ```
 */
export function transitionLabel(t: Pick<MachineTransition, 'eventType' | 'trigger' | 'guard' | 'delay'>): string {
  const head =
    t.trigger === 'delayed' ? `after ${formatDelay(t.delay)}` : t.trigger === 'always' ? 'always' : t.eventType;
  return t.guard === null ? head : `${head} [${t.guard}]`;
}

function isAncestor(ancestorId: string, id: string): boolean {
  return id.startsWith(`${ancestorId}.`);
}

/** Options of {@link buildElkGraph}. */
export interface BuildElkGraphOptions {
  /**
   * `layout`: ELK reserves room for every edge label (complete but large: labels make a chart ~4× wider);
   * `overlay` (default): edges are laid out without labels, more loosely, and the view draws the labels that matter
   * now on top (see placeEdgeLabels) — a chart that stays readable in a panel.
   */
  readonly labels?: 'layout' | 'overlay';
  /** Text width in px for a font size; the view passes a canvas measurement, tests use the estimate. */
  readonly measure?: (text: string, fontSize: number) => number;
}

/**
 * Builds the ELK layout input for a machine (its `toJSON()` normalised by readMachineDefinition): compound states
 * become compound nodes, each initial state gets an entry dot, every transition becomes one edge per target labelled
 * with its event, guard or delay. Transitions from a state into its own descendants (root-level `on`, e.g. `RESET`)
 * start from an "any state" pseudo node inside it, because ELK cannot route an edge from a box to its own content.
 * `observed` adds run-time transitions the JSON does not list (XState omits `always` from `toJSON()`).
 *
 * @example
 * ```ts
 * const { graph } = buildElkGraph(readMachineDefinition(machine.toJSON())!);
 * const laidOut = await new ELK().layout(graph);
 * ```
 */
export function buildElkGraph(
  root: MachineNode,
  observed: readonly ObservedTransition[] = [],
  options: BuildElkGraphOptions = {},
): ElkGraphInput {
  const labelsInLayout = options.labels === 'layout';
  const measure = options.measure ?? measureText;
  const nodes = new Map<string, ChartNodeInfo>();
  const elkNodes = new Map<string, ElkNode>();
  const known = new Set<string>();
  // Drawn edges keyed by "from|to": transitions between the same two boxes share one edge with one label line each.
  const grouped = new Map<string, { source: string; target: string; transitions: EdgeTransition[] }>();

  const addTransition = (drawnSource: string, transition: EdgeTransition) => {
    const key = `${drawnSource}|${transition.target}`;
    let group = grouped.get(key);
    if (group === undefined) {
      group = { source: drawnSource, target: transition.target, transitions: [] };
      grouped.set(key, group);
    }
    group.transitions.push(transition);
  };

  const anyNodeFor = (owner: ElkNode, ownerId: string, depth: number) => {
    const id = `${ownerId}${ANY_STATE_SUFFIX}`;
    if (!nodes.has(id)) {
      nodes.set(id, { id, label: 'any state', kind: 'any', depth, invokes: [], description: null });
      const node: ElkNode = { id, width: measure('any state', LABEL_FONT) + 20, height: 22 };
      owner.children = [...(owner.children ?? []), node];
    }
    return id;
  };

  const visit = (node: MachineNode, container: ElkNode, depth: number) => {
    for (const child of node.children) {
      const label = child.key;
      const invokeLines = child.invokes.map((src) => `invoke ${src}`);
      const textWidth = Math.max(measure(label, STATE_FONT), ...invokeLines.map((line) => measure(line, LABEL_FONT)));
      const elkNode: ElkNode = { id: child.id };
      nodes.set(child.id, {
        id: child.id,
        label,
        kind: child.type,
        depth,
        invokes: child.invokes,
        description: child.description,
      });
      known.add(child.id);
      if (child.children.length > 0) {
        elkNode.layoutOptions = {
          'elk.padding': `[top=${LINE * (1 + invokeLines.length) + 14},left=14,bottom=14,right=14]`,
          'elk.nodeSize.constraints': 'MINIMUM_SIZE',
          'elk.nodeSize.minimum': `(${textWidth + 36}, 60)`,
        };
        elkNode.children = [];
        visit(child, elkNode, depth + 1);
      } else {
        elkNode.width = Math.max(88, textWidth + 32);
        elkNode.height = 22 + LINE * (1 + invokeLines.length) - 4;
      }
      elkNodes.set(child.id, elkNode);
      container.children = [...(container.children ?? []), elkNode];
    }
    if (node.initial.length > 0 && node.children.length > 0) {
      const id = `${node.id}${INITIAL_SUFFIX}`;
      nodes.set(id, { id, label: '', kind: 'initial', depth, invokes: [], description: null });
      container.children = [{ id, width: 12, height: 12 }, ...(container.children ?? [])];
    }
  };

  const graph: ElkNode = {
    id: `${root.id}::graph`,
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.layered.spacing.nodeNodeBetweenLayers': labelsInLayout ? '24' : '30',
      'elk.spacing.nodeNode': labelsInLayout ? '16' : '20',
      'elk.spacing.edgeNode': '10',
      'elk.spacing.edgeEdge': '6',
      'elk.layered.spacing.edgeEdgeBetweenLayers': '6',
      'elk.spacing.edgeLabel': '4',
      'elk.layered.spacing.edgeNodeBetweenLayers': labelsInLayout ? '8' : '10',
      'elk.edgeLabels.placement': 'CENTER',
      'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.padding': '[top=12,left=12,bottom=12,right=12]',
      // Absolute coordinates everywhere: the SVG draws every shape in one coordinate system.
      'elk.json.shapeCoords': 'ROOT',
      'elk.json.edgeCoords': 'ROOT',
    },
    children: [],
  };
  elkNodes.set(root.id, graph);
  known.add(root.id);
  visit(root, graph, 0);

  // Entry dots of compound states (and of the machine itself).
  for (const node of [root, ...walk(root)]) {
    const target = node.initial[0];
    if (target === undefined || node.children.length === 0 || !known.has(target)) continue;
    addTransition(`${node.id}${INITIAL_SUFFIX}`, {
      source: node.id,
      target,
      eventType: '',
      kind: 'initial',
      label: '',
      guard: null,
      delay: null,
    });
  }

  const containerOf = (id: string): ElkNode => {
    const parent = id.slice(0, id.lastIndexOf('.'));
    return elkNodes.get(id) ?? elkNodes.get(parent) ?? graph;
  };

  const edgeSource = (source: string, target: string) => {
    if (source === root.id || isAncestor(source, target)) {
      const owner = source === root.id ? graph : containerOf(source);
      const depth = source === root.id ? 0 : (nodes.get(source)?.depth ?? 0) + 1;
      return anyNodeFor(owner, source, depth);
    }
    return source;
  };

  const seen = new Set<string>();
  for (const node of [root, ...walk(root)]) {
    for (const t of node.transitions) {
      for (const target of t.targets) {
        if (!known.has(target) || !known.has(t.source)) continue;
        seen.add(`${t.source}|${target}|${t.eventType}`);
        addTransition(edgeSource(t.source, target), {
          source: t.source,
          target,
          eventType: t.eventType,
          kind: t.trigger,
          label: transitionLabel(t),
          guard: t.guard,
          delay: t.delay,
        });
      }
    }
  }
  for (const t of observed) {
    const source = t.source.replace(/^#/, '');
    for (const rawTarget of t.targets) {
      const target = rawTarget.replace(/^#/, '');
      const key = `${source}|${target}|${t.eventType}`;
      if (seen.has(key) || !known.has(source) || !known.has(target)) continue;
      seen.add(key);
      const trigger = t.eventType === '' ? 'always' : 'event';
      addTransition(edgeSource(source, target), {
        source,
        target,
        eventType: t.eventType,
        kind: trigger === 'always' ? 'always' : 'observed',
        label: transitionLabel({ eventType: t.eventType, trigger, guard: null, delay: null }),
        guard: null,
        delay: null,
      });
    }
  }
  const edges = new Map<string, ChartEdgeInfo>();
  const elkEdges: ElkExtendedEdge[] = [];
  for (const group of grouped.values()) {
    const id = `${group.source}->${group.target}`;
    const lines = group.transitions.map((t) => t.label).filter((line) => line !== '');
    const first = group.transitions[0]!;
    edges.set(id, {
      id,
      source: group.source,
      target: group.target,
      transitions: group.transitions,
      lines,
      kind: first.kind,
    });
    const width = Math.max(0, ...lines.map((line) => measure(line, LABEL_FONT))) + 8;
    elkEdges.push({
      id,
      sources: [group.source],
      targets: [group.target],
      labels:
        lines.length === 0 || !labelsInLayout
          ? []
          : [{ id: `${id}:label`, text: lines.join('\n'), width, height: LINE * lines.length }],
    });
  }
  graph.edges = elkEdges;
  return { graph, nodes, edges };
}

function walk(root: MachineNode): MachineNode[] {
  const result: MachineNode[] = [];
  const visit = (node: MachineNode) => {
    for (const child of node.children) {
      result.push(child);
      visit(child);
    }
  };
  visit(root);
  return result;
}
