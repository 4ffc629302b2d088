import type { ElkGraphInput } from './buildElkGraph.ts';

/**
 * A key that is equal for two chart inputs exactly when they draw the same chart: the graph ELK lays out (ids, sizes,
 * label texts, options) and what the view draws for each node and edge (kind, label, the transitions an edge stands
 * for). The focus view is rebuilt for every event (the step just taken is part of it), but most events leave the
 * drawing as it was; layouts are cached under this key, so those events reuse the layout instead of running ELK.
 * Pure.
 *
 * @example
 * ```ts
 * drawingKey(buildElkGraph(root, [], { focus: a })) === drawingKey(buildElkGraph(root, [], { focus: b })); // same drawing
 * ```
 */
export function drawingKey(input: ElkGraphInput): string {
  return JSON.stringify([input.graph, [...input.nodes.values()], [...input.edges.values()]]);
}
