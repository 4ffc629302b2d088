import { describe, expect, it } from 'vitest';
import { createMachine } from 'xstate';
import { addAlwaysTransitions } from '../src/wire/addAlwaysTransitions.ts';

describe('addAlwaysTransitions (issue 9: always edges in every producer path)', () => {
  it('adds eventless transitions with their guard to the definition toJSON() gives, leaving others as they were', () => {
    const machine = createMachine({
      id: 'm',
      initial: 'a',
      states: {
        a: { always: { guard: 'ready', target: 'b' }, on: { GO: 'b' } },
        b: { type: 'parallel', states: { x: { always: { target: '#m.a', guard: () => true } }, y: {} } },
      },
    });
    const plain = JSON.parse(JSON.stringify(machine.toJSON()));
    const json = JSON.parse(JSON.stringify(addAlwaysTransitions(machine.root, machine.toJSON()))) as {
      states: Record<
        string,
        { transitions: Array<Record<string, unknown>>; states?: Record<string, { transitions: unknown[] }> }
      >;
    };
    expect(plain.states.a.transitions).toHaveLength(1); // toJSON() alone: only GO
    expect(json.states.a!.transitions.map((t) => [t.eventType, t.target, t.guard])).toEqual([
      ['GO', ['#m.b'], undefined],
      ['', ['#m.b'], 'ready'],
    ]);
    // An inline guard function has no name: the edge is kept, without a guard.
    expect(json.states.b!.states!.x!.transitions).toEqual([
      { eventType: '', source: '#m.b.x', target: ['#m.a'], reenter: false },
    ]);
    expect(addAlwaysTransitions(machine.root, null)).toBeNull();
  });
});
