// Walks a machine definition (state nodes and transition definitions) for the statechart generator and the
// model-based coverage test. Uses only public StateNode fields: `states`, `transitions`, `always`, `id`, `path`.
import type { AnyStateMachine, AnyStateNode, AnyTransitionDefinition } from 'xstate';

/** Every state node below the root, depth first, in definition order. */
export function stateNodes(machine: AnyStateMachine): AnyStateNode[] {
  const nodes: AnyStateNode[] = [];
  const visit = (node: AnyStateNode) => {
    for (const child of Object.values(node.states) as AnyStateNode[]) {
      nodes.push(child);
      visit(child);
    }
  };
  visit(machine.root);
  return nodes;
}

/** One edge of the chart: an `on`, `after` or `always` transition definition (each guarded branch is its own edge). */
export interface ChartEdge {
  readonly transition: AnyTransitionDefinition;
  readonly source: AnyStateNode;
  readonly kind: 'on' | 'after' | 'always';
  /** `EVENT`, `after retryDelay` or `always`. */
  readonly trigger: string;
  readonly guard: string | undefined;
  readonly targets: readonly AnyStateNode[];
  readonly reenter: boolean;
  readonly actions: readonly string[];
  /** Stable, human-readable identity, e.g. `registering.requesting —REGISTER.FAILED [isRevocation]→ revoked`. */
  readonly label: string;
}

const AFTER = /^xstate\.after\.([^.]+)\./;

/** The dotted path of a node (`registering.backoff`), or `(machine)` for the root. */
export function nodePath(node: AnyStateNode): string {
  return node.path.length === 0 ? '(machine)' : node.path.join('.');
}

function describeEdge(transition: AnyTransitionDefinition, source: AnyStateNode, always: boolean): ChartEdge {
  const eventType = transition.eventType;
  const after = AFTER.exec(eventType);
  const kind = always ? 'always' : after ? 'after' : 'on';
  const trigger = kind === 'always' ? 'always' : kind === 'after' ? `after ${after![1]}` : eventType;
  const guard =
    transition.guard === undefined
      ? undefined
      : typeof transition.guard === 'string'
        ? transition.guard
        : ((transition.guard as { type?: string }).type ?? 'inline');
  const targets = (transition.target ?? []) as AnyStateNode[];
  const actions = (transition.actions ?? []).map((action: unknown) =>
    typeof action === 'string' ? action : ((action as { type?: string }).type ?? 'inline'),
  );
  const targetText = targets.length === 0 ? '(stay)' : targets.map(nodePath).join(', ');
  const label = `${nodePath(source)} —${trigger}${guard ? ` [${guard}]` : ''}→ ${targetText}${transition.reenter ? ' (reenter)' : ''}`;
  return { transition, source, kind, trigger, guard, targets, reenter: transition.reenter, actions, label };
}

/** Every transition definition of the machine, root included. */
export function chartEdges(machine: AnyStateMachine): ChartEdge[] {
  const edges: ChartEdge[] = [];
  for (const node of [machine.root, ...stateNodes(machine)]) {
    for (const transitions of node.transitions.values() as Iterable<AnyTransitionDefinition[]>) {
      for (const transition of transitions) edges.push(describeEdge(transition, node, false));
    }
    for (const transition of (node.always ?? []) as AnyTransitionDefinition[]) {
      edges.push(describeEdge(transition, node, true));
    }
  }
  return edges;
}
