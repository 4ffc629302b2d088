import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import type { ChartFocus } from './focusView.ts';
import { measureText } from './measureText.ts';
import type { MachineNode, MachineTransition } from './readMachineDefinition.ts';

/** A transition seen at run time (a microstep) that the definition JSON does not list, e.g. an `always`. */
export interface ObservedTransition {
  readonly source: string;
  readonly targets: readonly string[];
  readonly eventType: string;
  /** The guard that let it through (null: none), when the producer reports it (wire format 1.1). */
  readonly guard?: string | null | undefined;
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
  /** A compound state drawn as one box because the focus view hides its children. */
  readonly collapsed?: boolean;
  /** A region of a parallel state (drawn dashed, side by side with its sibling regions). */
  readonly region?: boolean;
}

/** The ELK input graph plus the per-element data to draw it. */
export interface ElkGraphInput {
  readonly graph: ElkNode;
  readonly nodes: ReadonlyMap<string, ChartNodeInfo>;
  readonly edges: ReadonlyMap<string, ChartEdgeInfo>;
}

export const STATE_FONT = 14;
export const LABEL_FONT = 12;
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
  /** Draw only part of the chart (see focusView); the whole chart when absent. */
  readonly focus?: ChartFocus;
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
  // One drawn edge per transition, so each label sits beside its own line and a highlight never spreads to a sibling
  // transition (a guarded and an unguarded REGISTER.SUCCEEDED are two edges). Ids stay `from->to` for the first edge
  // between two boxes, `from->to#2`… for the next ones.
  const drawn: Array<{ id: string; source: string; target: string; transition: EdgeTransition }> = [];
  const perPair = new Map<string, number>();
  const drawnLabels = new Set<string>();
  const focus = options.focus;
  const addTransition = (drawnSource: string, transition: EdgeTransition, drawnTarget = transition.target) => {
    const pair = `${drawnSource}->${drawnTarget}`;
    if (focus !== undefined) {
      // Lifted into a collapsed box, a transition inside it becomes a loop, and several can read the same: keep one.
      const labelKey = `${pair}|${transition.label}`;
      if (drawnLabels.has(labelKey)) return;
      drawnLabels.add(labelKey);
    }
    const count = (perPair.get(pair) ?? 0) + 1;
    perPair.set(pair, count);
    drawn.push({ id: count === 1 ? pair : `${pair}#${count}`, source: drawnSource, target: drawnTarget, transition });
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
      if (focus !== undefined && !focus.shown.has(child.id)) continue;
      const collapsed = focus?.collapsed.has(child.id) === true && child.children.length > 0;
      const label = collapsed ? `${child.key} ▸` : child.type === 'parallel' ? `${child.key} (parallel)` : child.key;
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
        ...(collapsed ? { collapsed } : {}),
        ...(node.type === 'parallel' ? { region: true } : {}),
      });
      known.add(child.id);
      if (child.children.length > 0 && !collapsed) {
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
    if (node.initial.length > 0 && node.children.length > 0 && node.initial.some((id) => known.has(id))) {
      const id = `${node.id}${INITIAL_SUFFIX}`;
      nodes.set(id, { id, label: '', kind: 'initial', depth, invokes: [], description: null });
      container.children = [{ id, width: 12, height: 12 }, ...(container.children ?? [])];
    }
  };

  const graph: ElkNode = {
    id: `${root.id}::graph`,
    layoutOptions: {
      'elk.algorithm': 'layered',
      // Left to right: labels are wide and short, so they stack between columns instead of widening every row.
      'elk.direction': 'DOWN',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.layered.spacing.nodeNodeBetweenLayers': labelsInLayout ? '18' : '30',
      'elk.spacing.nodeNode': labelsInLayout ? '12' : '20',
      'elk.spacing.edgeNode': '8',
      'elk.spacing.edgeEdge': '5',
      'elk.layered.spacing.edgeEdgeBetweenLayers': '5',
      'elk.spacing.edgeLabel': '3',
      'elk.layered.spacing.edgeNodeBetweenLayers': labelsInLayout ? '6' : '10',
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

  // In the focus view a state inside a collapsed box is drawn as that box.
  const collapsedIds = [...(focus?.collapsed ?? [])].filter((id) => known.has(id));
  const drawnAs = (id: string) => collapsedIds.find((c) => isAncestor(c, id)) ?? id;
  const mainPathSteps = new Set<string>();
  const draw = (transition: EdgeTransition) => {
    const source = drawnAs(transition.source);
    const target = drawnAs(transition.target);
    if (!known.has(source) || !known.has(target)) return;
    // A loop that only exists because its ends were collapsed says nothing at a glance: the focus view keeps loops
    // only when they were just taken (the state's own list, on click, still has them all).
    if (focus !== undefined && !focus.keep.has(`${transition.source}|${transition.target}|${transition.eventType}`)) {
      if (source === target) return;
      // What can happen now, all of it; elsewhere one transition per main-path step shows the way through.
      const step = `${source}|${target}`;
      const onMainPath = focus.mainPath.has(step) && !mainPathSteps.has(step);
      if (!focus.active.has(transition.source) && !onMainPath) return;
      if (onMainPath) mainPathSteps.add(step);
    }
    addTransition(edgeSource(source, target), transition, target);
  };

  const seen = new Set<string>();
  for (const node of [root, ...walk(root)]) {
    // The focus view draws one transition per main-path step: let the unguarded one (the plain case) come first.
    const transitions =
      focus === undefined
        ? node.transitions
        : [...node.transitions].sort((a, b) => Number(a.guard !== null) - Number(b.guard !== null));
    for (const t of transitions) {
      for (const target of t.targets) {
        seen.add(`${t.source}|${target}|${t.eventType}`);
        draw({
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
      if (seen.has(key)) continue;
      seen.add(key);
      const trigger = t.eventType === '' ? 'always' : 'event';
      draw({
        source,
        target,
        eventType: t.eventType,
        kind: trigger === 'always' ? 'always' : 'observed',
        label: transitionLabel({ eventType: t.eventType, trigger, guard: t.guard ?? null, delay: null }),
        guard: t.guard ?? null,
        delay: null,
      });
    }
  }
  const edges = new Map<string, ChartEdgeInfo>();
  const elkEdges: ElkExtendedEdge[] = [];
  for (const { id, source, target, transition } of drawn) {
    const lines = labelLines(transition.label);
    edges.set(id, { id, source, target, transitions: [transition], lines, kind: transition.kind });
    const width = Math.max(0, ...lines.map((line) => measure(line, LABEL_FONT))) + 8;
    elkEdges.push({
      id,
      sources: [source],
      targets: [target],
      labels:
        lines.length === 0 || !labelsInLayout
          ? []
          : [{ id: `${id}:label`, text: lines.join('\n'), width, height: LINE * lines.length }],
    });
  }
  graph.edges = elkEdges;
  return { graph, nodes, edges };
}

/** A label as drawn: the guard on its own line, so a label is as narrow as its event name. */
function labelLines(label: string): string[] {
  if (label === '') return [];
  const guardAt = label.indexOf(' [');
  return guardAt < 0 ? [label] : [label.slice(0, guardAt), label.slice(guardAt + 1)];
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
