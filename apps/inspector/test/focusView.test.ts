import { dcrLifecycleMachine } from '@dcrflow/core';
import { describe, expect, it } from 'vitest';
import { createMachine } from 'xstate';
import { activeStateIds } from '../src/chart/activeStateIds.ts';
import { buildElkGraph } from '../src/chart/buildElkGraph.ts';
import { focusView } from '../src/chart/focusView.ts';
import { readMachineDefinition } from '../src/chart/readMachineDefinition.ts';

const root = readMachineDefinition(JSON.parse(JSON.stringify(dcrLifecycleMachine.toJSON())))!;

describe('focusView (the default, simplified chart)', () => {
  it('draws the main path, the active state and where it can go; other boxes closed', () => {
    const focus = focusView(root, activeStateIds(root, 'tokenValid'));
    expect([...focus.shown].sort()).toEqual(
      [
        'dcr.loading',
        'dcr.unregistered',
        'dcr.registering',
        'dcr.registered',
        'dcr.tokenValid',
        'dcr.expiring',
        'dcr.credentialsLost',
      ].sort(),
    );
    expect(focus.shown.has('dcr.revoked')).toBe(false);
    expect(focus.collapsed.has('dcr.registering')).toBe(true);
    const input = buildElkGraph(root, [], { labels: 'layout', focus });
    const full = buildElkGraph(root, [], { labels: 'layout' });
    expect(input.edges.size).toBeLessThan(full.edges.size / 3);
    // Every transition out of the active state is there (loops excepted), each with its own edge and label.
    const fromActive = [...input.edges.values()].filter((e) => e.transitions[0]!.source === 'dcr.tokenValid');
    expect(fromActive.map((e) => e.transitions[0]!.label)).toContain('after refreshAt');
    expect(fromActive.map((e) => e.transitions[0]!.label)).toContain('TOKEN.REJECTED [isCurrentToken]');
    expect(fromActive.every((e) => e.source !== e.target)).toBe(true);
    // The main path: one transition per step, the unguarded one.
    const steps = [...input.edges.values()].filter((e) => e.transitions[0]!.source !== 'dcr.tokenValid');
    expect(steps.map((e) => `${e.source}->${e.target} ${e.lines.join(' ')}`)).toContain(
      'dcr.registering->dcr.registered REGISTER.SUCCEEDED',
    );
    // A collapsed box is labelled so, and draws its children's transitions from itself.
    expect(input.nodes.get('dcr.registering')?.collapsed).toBe(true);
    expect(input.nodes.has('dcr.registering.requesting')).toBe(false);
  });

  it('opens the active compound state and keeps the step just taken, even when it is a loop', () => {
    const taken = [
      { source: 'dcr.registering.requesting', targets: ['dcr.registering.backoff'], eventType: 'REGISTER.FAILED' },
    ];
    const focus = focusView(root, activeStateIds(root, { registering: 'backoff' }), taken);
    expect(focus.collapsed.has('dcr.registering')).toBe(false);
    expect(focus.shown.has('dcr.registering.backoff')).toBe(true);
    const input = buildElkGraph(root, [], { labels: 'layout', focus });
    expect([...input.edges.values()].some((e) => e.transitions[0]!.eventType === 'REGISTER.FAILED')).toBe(true);
  });

  it('has no main path for another machine: the active state and its neighbours only', () => {
    const other = readMachineDefinition(
      JSON.parse(
        JSON.stringify(
          createMachine({
            id: 'light',
            initial: 'green',
            states: { green: { on: { NEXT: 'yellow' } }, yellow: { on: { NEXT: 'red' } }, red: {} },
          }).toJSON(),
        ),
      ),
    )!;
    const focus = focusView(other, activeStateIds(other, 'green'));
    expect([...focus.shown].sort()).toEqual(['light.green', 'light.yellow']);
    expect(focus.mainPath.size).toBe(0);
  });
});
