import { dcrLifecycleMachine } from '@dcrflow/core';
import { describe, expect, it } from 'vitest';
import { activeStateIds } from '../src/chart/activeStateIds.ts';
import { buildElkGraph } from '../src/chart/buildElkGraph.ts';
import { drawingKey } from '../src/chart/drawingKey.ts';
import { type FocusTransition, focusView } from '../src/chart/focusView.ts';
import { readMachineDefinition } from '../src/chart/readMachineDefinition.ts';

const root = readMachineDefinition(JSON.parse(JSON.stringify(dcrLifecycleMachine.toJSON())))!;
const keyFor = (value: unknown, taken: readonly FocusTransition[] = []) =>
  drawingKey(buildElkGraph(root, [], { labels: 'layout', focus: focusView(root, activeStateIds(root, value), taken) }));

describe('drawingKey (layouts are reused while the drawing stays the same, issue 9)', () => {
  it('is equal for focus views rebuilt per event when they draw the same chart', () => {
    // Two events that leave the client in tokenValid: each builds a new focus view (new sets, a different step
    // kept), but the kept step is one the focus view draws anyway (a transition out of the active state).
    const refreshCheck = [{ source: 'dcr.tokenValid', targets: ['dcr.expiring'], eventType: 'RECHECK' }];
    const a = focusView(root, activeStateIds(root, 'tokenValid'));
    const b = focusView(root, activeStateIds(root, 'tokenValid'), refreshCheck);
    expect(a).not.toBe(b);
    expect([...a.keep]).not.toEqual([...b.keep]);
    expect(keyFor('tokenValid', refreshCheck)).toBe(keyFor('tokenValid'));
  });

  it('differs as soon as the drawing does: another active state, another step drawn, another view', () => {
    const tokenValid = keyFor('tokenValid');
    expect(keyFor('expiring')).not.toBe(tokenValid);
    // The step just taken, from a state the focus view would not draw from: its edge is added.
    const arrived = [
      { source: 'dcr.registered.requesting', targets: ['dcr.tokenValid'], eventType: 'TOKEN.SUCCEEDED' },
    ];
    expect(keyFor('tokenValid', arrived)).not.toBe(tokenValid);
    expect(drawingKey(buildElkGraph(root, [], { labels: 'layout' }))).not.toBe(tokenValid);
  });
});
