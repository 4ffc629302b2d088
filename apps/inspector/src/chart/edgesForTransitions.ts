import type { ChartEdgeInfo } from './buildElkGraph.ts';

/** A transition as a microstep reports it, or as inferred from two snapshots. */
export interface TakenTransition {
  readonly source: string;
  readonly targets: readonly string[];
  readonly eventType: string;
}

const strip = (id: string) => id.replace(/^#/, '');

/**
 * The chart edges that drew the given transitions (microsteps of the selected event). Several can match: XState
 * does not say which guard passed, and transitions that differ only by guard share one edge anyway.
 *
 * @example
 * ```ts
 * edgesForTransitions(edges, row.transitions); // ['dcr.tokenValid->dcr.expiring']
 * ```
 */
export function edgesForTransitions(edges: Iterable<ChartEdgeInfo>, transitions: readonly TakenTransition[]): string[] {
  const wanted = new Set<string>();
  for (const t of transitions) {
    for (const target of t.targets) wanted.add(`${strip(t.source)}|${strip(target)}|${t.eventType}`);
  }
  const result: string[] = [];
  for (const edge of edges) {
    if (edge.transitions.some((t) => wanted.has(`${t.source}|${t.target}|${t.eventType}`))) result.push(edge.id);
  }
  return result;
}

/**
 * Infers the transition an event took when the producer sent no microsteps (e.g. a @statelyai/inspect stream): a
 * definition transition for `eventType` whose source was active before and whose target is active after.
 *
 * @example
 * ```ts
 * inferTransitions(edges, before, after, 'STORE.EMPTY'); // [{ source: 'dcr.loading.reading', targets: ['dcr.unregistered'], eventType: 'STORE.EMPTY' }]
 * ```
 */
export function inferTransitions(
  edges: Iterable<ChartEdgeInfo>,
  activeBefore: ReadonlySet<string>,
  activeAfter: ReadonlySet<string>,
  eventType: string,
): TakenTransition[] {
  const result: TakenTransition[] = [];
  for (const edge of edges) {
    for (const t of edge.transitions) {
      if (t.kind === 'initial' || t.eventType !== eventType) continue;
      if (activeBefore.has(t.source) && activeAfter.has(t.target)) {
        result.push({ source: t.source, targets: [t.target], eventType });
      }
    }
  }
  return result;
}
