// Generates the lifecycle statechart (Mermaid) and transition table for docs/lifecycle.md from the machine itself.
//   node --conditions=@dcrflow/source scripts/statechart.ts          rewrite the block between the markers
//   node --conditions=@dcrflow/source scripts/statechart.ts --check  exit 1 when the doc has drifted (CI)
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { dcrLifecycleMachine } from '../src/machine/dcrLifecycleMachine.ts';
import { type ChartEdge, chartEdges, nodePath, stateNodes } from './machineGraph.ts';

export const START_MARKER = '<!-- statechart:start -->';
export const END_MARKER = '<!-- statechart:end -->';
export const LIFECYCLE_DOC = fileURLToPath(new URL('../../../docs/lifecycle.md', import.meta.url));

const mermaidId = (node: AnyStateNode) => node.path.join('_');
const topLevelOf = (node: AnyStateNode) => node.machine.root.states[node.path[0]!] as AnyStateNode;
const edgeText = (edge: ChartEdge) => `${edge.trigger}${edge.guard ? ` [${edge.guard}]` : ''}`;

/** The Mermaid `stateDiagram-v2` of a machine: composite states hold their own sub-state edges. */
export function toMermaid(machine: AnyStateMachine): string {
  const lines = ['stateDiagram-v2'];
  const edges = chartEdges(machine);
  const topLevel = Object.values(machine.root.states) as AnyStateNode[];
  const initial = (node: AnyStateNode) => (node.initial?.target as AnyStateNode[] | undefined)?.[0];
  lines.push(`  [*] --> ${mermaidId(initial(machine.root)!)}`);
  const inside = (edge: ChartEdge, parent: AnyStateNode) =>
    edge.source.parent === parent && edge.targets.every((target) => target.parent === parent);

  for (const state of topLevel) {
    const children = Object.values(state.states) as AnyStateNode[];
    if (children.length === 0) continue;
    lines.push(`  state ${mermaidId(state)} {`);
    for (const child of children) lines.push(`    state "${child.key}" as ${mermaidId(child)}`);
    lines.push(`    [*] --> ${mermaidId(initial(state)!)}`);
    for (const edge of edges.filter((candidate) => inside(candidate, state))) {
      for (const target of edge.targets)
        lines.push(`    ${mermaidId(edge.source)} --> ${mermaidId(target)} : ${edgeText(edge)}`);
    }
    lines.push('  }');
  }
  lines.push('  state "any state" as anyState');
  for (const edge of edges) {
    if (topLevel.some((state) => inside(edge, state))) continue;
    const from = edge.source === machine.root ? 'anyState' : mermaidId(topLevelOf(edge.source));
    const targets = edge.targets.length > 0 ? edge.targets : [edge.source];
    for (const target of targets)
      lines.push(
        `  ${from} --> ${mermaidId(target.path.length > 1 ? topLevelOf(target) : target)} : ${edgeText(edge)}`,
      );
  }
  return lines.join('\n');
}

/** A Markdown table of every transition definition (the same list the model-based test covers). */
export function toTransitionTable(machine: AnyStateMachine): string {
  const rows = chartEdges(machine).map((edge) => {
    const targets = edge.targets.length === 0 ? '(stays)' : edge.targets.map(nodePath).join(', ');
    const actions = edge.actions.length === 0 ? '' : edge.actions.map((action) => `\`${action}\``).join(' ');
    return `| ${nodePath(edge.source)} | \`${edge.trigger}\` | ${edge.guard ? `\`${edge.guard}\`` : ''} | ${targets}${edge.reenter ? ' (re-entered)' : ''} | ${actions} |`;
  });
  return ['| from | on | guard | to | actions |', '|---|---|---|---|---|', ...rows].join('\n');
}

/** The generated block, markers included. */
export function renderStatechartBlock(machine: AnyStateMachine = dcrLifecycleMachine): string {
  const states = stateNodes(machine).length;
  const transitions = chartEdges(machine).length;
  return [
    START_MARKER,
    '<!-- Generated from dcrLifecycleMachine by packages/core/scripts/statechart.ts — do not edit by hand. -->',
    '',
    '```mermaid',
    toMermaid(machine),
    '```',
    '',
    `${states} states (sub-states included), ${transitions} transitions:`,
    '',
    toTransitionTable(machine),
    '',
    END_MARKER,
  ].join('\n');
}

/** `document` with its generated block replaced (throws when the markers are missing). */
export function updateStatechartBlock(document: string, machine: AnyStateMachine = dcrLifecycleMachine): string {
  const start = document.indexOf(START_MARKER);
  const end = document.indexOf(END_MARKER);
  if (start < 0 || end < start) throw new Error(`docs/lifecycle.md lacks the ${START_MARKER} … ${END_MARKER} markers.`);
  return document.slice(0, start) + renderStatechartBlock(machine) + document.slice(end + END_MARKER.length);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const current = readFileSync(LIFECYCLE_DOC, 'utf8');
  const next = updateStatechartBlock(current);
  if (process.argv.includes('--check')) {
    if (next !== current) {
      console.error('docs/lifecycle.md is out of date: run `pnpm --filter @dcrflow/core statechart`.');
      process.exit(1);
    }
    console.log('docs/lifecycle.md statechart is in sync with dcrLifecycleMachine.');
  } else {
    writeFileSync(LIFECYCLE_DOC, next);
    console.log(next === current ? 'docs/lifecycle.md already up to date.' : 'docs/lifecycle.md statechart updated.');
  }
}
