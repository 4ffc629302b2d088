import type { WireTransition } from '../wire/wireTypes.ts';
import type { ObservedTransition } from './buildElkGraph.ts';
import { allNodes, type MachineNode } from './readMachineDefinition.ts';

const strip = (id: string) => id.replace(/^#/, '');

/**
 * The run-time transitions (from microsteps) that the definition JSON does not list — XState leaves `always`
 * transitions out of `toJSON()`. Sorted, so the result can key a layout cache: the chart is laid out again only
 * when a genuinely new edge appears.
 *
 * @example
 * ```ts
 * extraTransitions(root, timeline.observedTransitions.get(actorId)?.values() ?? []);
 * // [{ source: 'dcr.unregistered', targets: ['dcr.registering'], eventType: '' }]
 * ```
 */
export function extraTransitions(root: MachineNode, observed: Iterable<WireTransition>): ObservedTransition[] {
  const known = new Set<string>();
  for (const node of allNodes(root)) {
    for (const t of node.transitions) for (const target of t.targets) known.add(`${t.source}|${target}|${t.eventType}`);
  }
  const extra = new Map<string, ObservedTransition>();
  for (const t of observed) {
    const source = strip(t.source);
    const targets = t.targets.map(strip).filter((target) => !known.has(`${source}|${target}|${t.eventType}`));
    if (targets.length === 0) continue;
    // The guard (wire format 1.1) labels an `always` edge as the definition would: `always [hasSoftwareStatement]`.
    extra.set(`${source}|${targets.join(',')}|${t.eventType}`, {
      source,
      targets,
      eventType: t.eventType,
      ...(typeof t.guard === 'string' ? { guard: t.guard } : {}),
    });
  }
  return [...extra.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, t]) => t);
}
