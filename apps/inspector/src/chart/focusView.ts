import { allNodes, type MachineNode } from './readMachineDefinition.ts';

/** What the focus view draws of a machine (see {@link focusView}). */
export interface ChartFocus {
  /** State ids drawn (a collapsed box's children are not). */
  readonly shown: ReadonlySet<string>;
  /** Compound states drawn as one box: transitions of their children are drawn from/to the box. */
  readonly collapsed: ReadonlySet<string>;
  /** `source|target|eventType` of transitions drawn even when collapsing turns them into loops (the ones just taken). */
  readonly keep: ReadonlySet<string>;
  /** States whose transitions are all drawn (what can happen now): the active ones, the machine root excepted. */
  readonly active: ReadonlySet<string>;
  /** `from|to` state ids of the main path's steps: one transition is drawn for each, to show the way through. */
  readonly mainPath: ReadonlySet<string>;
}

/** A transition as a microstep reports it. */
export interface FocusTransition {
  readonly source: string;
  readonly targets: readonly string[];
  readonly eventType: string;
}

/**
 * The backbone of a DCR client, in order: always drawn in the focus view of a machine that has these top-level
 * states, so a newcomer sees the same five boxes in the same places whatever happens around them.
 */
export const DCR_MAIN_PATH = [
  'loading',
  'unregistered',
  'registering',
  'registered',
  'tokenValid',
  'expiring',
] as const;

const strip = (id: string) => id.replace(/^#/, '');
const isAncestor = (ancestorId: string, id: string) => id.startsWith(`${ancestorId}.`);

/**
 * The simplified chart drawn by default: the active states, the states one transition away from them, the states the
 * selected event came from, and the DCR main path (loading → registering → registered → tokenValid ⇄ expiring) when
 * the machine has it; unregistered is on it because loading reaches registering only through it. Compound states stay closed (one box) unless they are active, so a 50-transition chart becomes a
 * handful of boxes big enough to read at fit. Pure.
 *
 * @example
 * ```ts
 * const focus = focusView(root, activeStateIds(root, { registered: 'requesting' }), row.transitions);
 * buildElkGraph(root, [], { labels: 'layout', focus });
 * ```
 */
export function focusView(
  root: MachineNode,
  activeIds: ReadonlySet<string>,
  taken: readonly FocusTransition[] = [],
): ChartFocus {
  const nodes = allNodes(root);
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const wanted = new Set<string>();
  const mainPath = root.children.filter((child) => (DCR_MAIN_PATH as readonly string[]).includes(child.key));
  // Only a machine with the whole backbone gets it; for any other machine the path would be noise.
  if (mainPath.length === DCR_MAIN_PATH.length) for (const child of mainPath) wanted.add(child.id);
  for (const id of activeIds) if (id !== root.id) wanted.add(id);
  // Where the machine can go from here: targets of every transition owned by an active state.
  for (const id of activeIds) {
    for (const t of byId.get(id)?.transitions ?? []) for (const target of t.targets) wanted.add(target);
  }
  const keep = new Set<string>();
  for (const t of taken) {
    const source = strip(t.source);
    wanted.add(source);
    for (const target of t.targets) {
      wanted.add(strip(target));
      keep.add(`${source}|${strip(target)}|${t.eventType}`);
    }
  }
  // A state is drawn when it or one of its descendants is wanted (a wanted child needs its box), with its ancestors.
  const shown = new Set<string>();
  for (const id of wanted) {
    if (!byId.has(id)) continue;
    for (let at = id; at.length > 0 && at !== root.id; at = at.slice(0, Math.max(0, at.lastIndexOf('.')))) {
      shown.add(at);
      if (!at.includes('.')) break;
    }
  }
  // Boxes stay closed unless active or holding something that must be seen (the source of the step just taken).
  const opened = new Set<string>();
  for (const id of activeIds) opened.add(id);
  for (const t of taken) {
    const source = strip(t.source);
    for (const node of nodes) if (isAncestor(node.id, source)) opened.add(node.id);
  }
  const collapsed = new Set<string>();
  for (const node of nodes) {
    if (node.children.length > 0 && shown.has(node.id) && !opened.has(node.id)) collapsed.add(node.id);
  }
  const active = new Set([...activeIds].filter((id) => id !== root.id));
  const steps = new Set<string>();
  if (mainPath.length === DCR_MAIN_PATH.length) {
    const id = (key: string) => `${root.id}.${key}`;
    for (let i = 1; i < DCR_MAIN_PATH.length; i++) steps.add(`${id(DCR_MAIN_PATH[i - 1]!)}|${id(DCR_MAIN_PATH[i]!)}`);
    steps.add(`${id('expiring')}|${id('tokenValid')}`); // tokenValid ⇄ expiring
  }
  return { shown, collapsed, keep, active, mainPath: steps };
}
