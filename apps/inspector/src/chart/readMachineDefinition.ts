/** How a transition is triggered. */
export type TransitionTrigger = 'event' | 'delayed' | 'always';

/** One transition of a state node, normalised from `machine.toJSON()`. */
export interface MachineTransition {
  /** State node id (no leading `#`). */
  readonly source: string;
  /** Target state node ids; empty for a targetless transition. */
  readonly targets: readonly string[];
  readonly eventType: string;
  readonly trigger: TransitionTrigger;
  /** Guard name, when the transition has one. */
  readonly guard: string | null;
  /** The delay of an `after` transition: a named delay or milliseconds. */
  readonly delay: string | number | null;
  readonly reenter: boolean;
}

/** One state node, normalised from `machine.toJSON()`. */
export interface MachineNode {
  /** State node id, e.g. `dcr.registering.backoff`. */
  readonly id: string;
  readonly key: string;
  readonly type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  readonly initial: readonly string[];
  readonly children: readonly MachineNode[];
  readonly transitions: readonly MachineTransition[];
  /** `src` of the actors the state invokes. */
  readonly invokes: readonly string[];
  readonly description: string | null;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const stripHash = (id: string) => (id.startsWith('#') ? id.slice(1) : id);
const NODE_TYPES = new Set(['atomic', 'compound', 'parallel', 'final', 'history']);

function guardName(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  if (isObject(value) && typeof value.type === 'string') return value.type;
  return 'guard';
}

function readTransition(value: unknown, fallbackSource: string): MachineTransition | null {
  if (!isObject(value)) return null;
  const eventType = typeof value.eventType === 'string' ? value.eventType : '';
  const targets = Array.isArray(value.target)
    ? value.target.filter((t): t is string => typeof t === 'string').map(stripHash)
    : [];
  const delay = typeof value.delay === 'string' || typeof value.delay === 'number' ? value.delay : null;
  const isDelayed = delay !== null || eventType.startsWith('xstate.after.');
  return {
    source: typeof value.source === 'string' ? stripHash(value.source) : fallbackSource,
    targets,
    eventType,
    trigger: isDelayed ? 'delayed' : eventType === '' ? 'always' : 'event',
    guard: guardName(value.guard),
    delay: isDelayed ? (delay ?? delayFromEventType(eventType)) : null,
    reenter: value.reenter === true,
  };
}

/** `xstate.after.retryDelay.dcr.loading.backoff` → `retryDelay`; `xstate.after.1000.x` → 1000. */
function delayFromEventType(eventType: string): string | number | null {
  const part = eventType.split('.')[2];
  if (part === undefined) return null;
  return /^\d+$/.test(part) ? Number(part) : part;
}

function readNode(value: Json, parentId: string | null, depth: number, entryKey: string): MachineNode {
  const key = typeof value.key === 'string' ? value.key : entryKey;
  const id = typeof value.id === 'string' ? stripHash(value.id) : parentId === null ? key : `${parentId}.${key}`;
  const states = isObject(value.states) ? value.states : {};
  const children =
    depth > 32
      ? []
      : Object.entries(states).flatMap(([childKey, child]) =>
          isObject(child) ? [readNode(child, id, depth + 1, childKey)] : [],
        );
  const transitions = (Array.isArray(value.transitions) ? value.transitions : [])
    .map((t) => readTransition(t, id))
    .filter((t): t is MachineTransition => t !== null);
  const initialTargets = isObject(value.initial) && Array.isArray(value.initial.target) ? value.initial.target : [];
  const invokes = (Array.isArray(value.invoke) ? value.invoke : [])
    .map((inv) => (isObject(inv) && typeof inv.src === 'string' ? inv.src : null))
    .filter((src): src is string => src !== null);
  const type =
    typeof value.type === 'string' && NODE_TYPES.has(value.type)
      ? (value.type as MachineNode['type'])
      : children.length > 0
        ? 'compound'
        : 'atomic';
  return {
    id,
    key,
    type,
    initial: initialTargets.filter((t): t is string => typeof t === 'string').map(stripHash),
    children,
    transitions,
    invokes,
    description: typeof value.description === 'string' ? value.description : null,
  };
}

/**
 * Normalises the JSON of an XState v5 machine (`machine.toJSON()`, as carried by an `actor` wire event) into a
 * typed tree. Defensive: anything missing or malformed becomes an empty list, never an exception — a recording from
 * another tool must still draw what it can. Returns null when the value is not a machine definition.
 *
 * @example
 * ```ts
 * const root = readMachineDefinition(dcrLifecycleMachine.toJSON());
 * root?.children.map((state) => state.key); // ['loading', 'unregistered', …]
 * ```
 */
export function readMachineDefinition(json: unknown): MachineNode | null {
  if (!isObject(json) || !isObject(json.states)) return null;
  return readNode(json, null, 0, 'machine');
}

/**
 * Every node of a definition tree, depth first (the root first).
 *
 * @example
 * ```ts
 * const ids = allNodes(root).map((node) => node.id);
 * ```
 */
export function allNodes(root: MachineNode): MachineNode[] {
  const result: MachineNode[] = [];
  const walk = (node: MachineNode) => {
    result.push(node);
    for (const child of node.children) walk(child);
  };
  walk(root);
  return result;
}
