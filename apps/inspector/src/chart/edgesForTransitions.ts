import type { ChartEdgeInfo } from './buildElkGraph.ts';

/** A transition as a microstep reports it, or as inferred from two snapshots. */
export interface TakenTransition {
  readonly source: string;
  readonly targets: readonly string[];
  readonly eventType: string;
  /** The guard that passed (null: none), when the producer reports it (wire format 1.1). */
  readonly guard?: string | null | undefined;
}

const strip = (id: string) => id.replace(/^#/, '');
/** A producer that does not report guards: any guard matches. */
const ANY = Symbol('any guard');

/**
 * The chart edges that drew the given transitions (microsteps of the selected event). A transition that names its
 * guard matches only the edge of that guard (a guarded and an unguarded REGISTER.SUCCEEDED are told apart); from a
 * producer that does not name guards, every edge of that event between those states matches.
 *
 * @example
 * ```ts
 * edgesForTransitions(edges, row.transitions); // ['dcr.tokenValid->dcr.expiring']
 * ```
 */
export function edgesForTransitions(edges: Iterable<ChartEdgeInfo>, transitions: readonly TakenTransition[]): string[] {
  // Per source|target|event, the guards reported: a name, null (the unguarded one) or ANY (not reported).
  const wanted = new Map<string, Set<string | null | typeof ANY>>();
  for (const t of transitions) {
    for (const target of t.targets) {
      const key = `${strip(t.source)}|${strip(target)}|${t.eventType}`;
      const guards = wanted.get(key) ?? new Set();
      guards.add(t.guard === undefined ? ANY : t.guard);
      wanted.set(key, guards);
    }
  }
  const result: string[] = [];
  for (const edge of edges) {
    const matches = edge.transitions.some((t) => {
      const guards = wanted.get(`${t.source}|${t.target}|${t.eventType}`);
      return guards !== undefined && (guards.has(ANY) || guards.has(t.guard));
    });
    if (matches) result.push(edge.id);
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
