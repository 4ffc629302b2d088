import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chartEdges } from '../scripts/machineGraph.ts';
import { END_MARKER, LIFECYCLE_DOC, renderStatechartBlock, START_MARKER, toMermaid } from '../scripts/statechart.ts';
import { dcrLifecycleMachine } from '../src/index.ts';

describe('docs/lifecycle.md statechart', () => {
  it('is generated from the machine and has not drifted (run `pnpm --filter @dcrflow/core statechart` to fix)', () => {
    const document = readFileSync(LIFECYCLE_DOC, 'utf8');
    const start = document.indexOf(START_MARKER);
    const end = document.indexOf(END_MARKER) + END_MARKER.length;
    expect(start).toBeGreaterThanOrEqual(0);
    expect(document.slice(start, end)).toBe(renderStatechartBlock(dcrLifecycleMachine));
  });

  it('draws every top-level state and every transition', () => {
    const mermaid = toMermaid(dcrLifecycleMachine);
    for (const state of Object.keys(dcrLifecycleMachine.root.states)) expect(mermaid).toContain(state);
    const edges = mermaid.split('\n').filter((line) => line.includes('-->') && !line.includes('[*]'));
    expect(edges).toHaveLength(chartEdges(dcrLifecycleMachine).length);
    expect(edges.length).toBeGreaterThanOrEqual(40);
  });
});
