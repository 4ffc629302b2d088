// Fuzzing the inspector wire format end to end, producer to consumer (@dcrflow/inspect's own tests fuzz the parser
// alone): (1) whatever an app puts in its events and context — bigints, functions, cycles, Maps, huge strings — the
// bridge never throws into the machine and everything it emits is accepted by parseWireEvent and survives a JSONL
// round trip; (2) a real dcrflow lifecycle recording, damaged at random, gives back valid events or an
// InspectWireError naming the line — nothing else.
import { createDcrClient, memoryStore } from '@dcrflow/core';
import {
  createInspectorBridge,
  InspectWireError,
  memoryTransport,
  parseJsonl,
  parseWireEvent,
  toJsonl,
} from '@dcrflow/inspect';
import { createSimulator } from '@dcrflow/simulator';
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { assign, createActor, setup } from 'xstate';

const SEED = 20_261_127;

/** A machine that stores whatever its events carry in its context and moves between two states. */
const echo = setup({
  types: { context: {} as { last: unknown; count: number }, events: {} as { type: string; payload?: unknown } },
}).createMachine({
  id: 'echo',
  context: { last: null, count: 0 },
  initial: 'a',
  states: {
    a: {
      on: {
        '*': {
          target: 'b',
          actions: assign({ last: ({ event }) => event.payload, count: ({ context }) => context.count + 1 }),
        },
      },
    },
    b: {
      on: {
        '*': {
          target: 'a',
          actions: assign({ last: ({ event }) => event.payload, count: ({ context }) => context.count + 1 }),
        },
      },
    },
  },
});

const hostile = fc.oneof(
  fc.anything({
    withBigInt: true,
    withBoxedValues: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withNullPrototype: true,
    withObjectString: true,
    withSparseArray: true,
    withTypedArray: true,
    maxDepth: 3,
  }),
  fc.constant(() => 'a function'),
  fc.constant(Symbol('a symbol')),
  fc.constant('x'.repeat(200_000)),
  fc.constant(new Error('an error object', { cause: new Error('its cause') })),
  fc.constant(
    (() => {
      const cyclic: Record<string, unknown> = { name: 'cyclic' };
      cyclic.self = cyclic;
      return cyclic;
    })(),
  ),
);

// Bounded work (300 seeded runs) with a generous limit: ~15 s idle, 50 s beside a busy CPU.
it('whatever events and context carry, the bridge never throws into the machine and emits only valid, round-tripping wire events', {
  timeout: 180_000,
}, () => {
  let emitted = 0;
  fc.assert(
    fc.property(
      fc.array(
        fc.tuple(
          fc.string({ maxLength: 20 }).filter((type) => !type.startsWith('xstate.')),
          hostile,
        ),
        {
          minLength: 1,
          maxLength: 5,
        },
      ),
      (events) => {
        const transport = memoryTransport();
        const bridge = createInspectorBridge({ transport, sessionId: 'fuzz', now: () => 1 });
        const actor = createActor(echo, { inspect: bridge.inspect }).start();
        for (const [type, payload] of events) actor.send({ type: type || 'EMPTY', payload });
        expect(actor.getSnapshot().context.count).toBe(events.length);
        actor.stop();
        const wire = transport.events();
        expect(wire.length).toBeGreaterThan(0);
        for (const event of wire)
          expect(parseWireEvent(JSON.parse(JSON.stringify(event)))).toEqual(JSON.parse(JSON.stringify(event)));
        expect(parseJsonl(toJsonl(wire))).toEqual(JSON.parse(JSON.stringify(wire)));
        emitted += wire.length;
      },
    ),
    { seed: SEED, numRuns: 300 },
  );
  console.log(
    `wire fuzz (producer): 300 seeded runs of hostile payloads, ${emitted} wire events, all valid and round-tripping`,
  );
});

let recording = '';
beforeAll(async () => {
  const simulator = createSimulator({ throttle: false });
  const { software_statement } = await simulator.mintSoftwareStatement();
  const transport = memoryTransport();
  const bridge = createInspectorBridge({ transport });
  const client = createDcrClient({
    baseUrl: 'http://simulator.test',
    softwareStatement: software_statement,
    store: memoryStore(),
    fetch: (input, init) => simulator.fetch(new Request(input, init)),
    inspect: bridge.inspect,
  });
  await client.getAccessToken();
  await client.reset();
  await client.getAccessToken();
  client.stop();
  await bridge.close();
  recording = toJsonl(transport.events());
});

it('a real lifecycle recording damaged at random parses to valid events or fails with an InspectWireError naming the line', {
  timeout: 180_000,
}, () => {
  const lines = recording.trimEnd().split('\n');
  expect(lines.length).toBeGreaterThan(10);
  const outcomes = { parsed: 0, rejected: 0 };
  const damage = fc.oneof(
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
    fc.record({
      kind: fc.constant('insert' as const),
      at: fc.nat(),
      text: fc.string({ unit: 'binary', maxLength: 20 }),
    }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('swapLines' as const), a: fc.nat(), b: fc.nat() }),
    fc.record({ kind: fc.constant('dropLine' as const), a: fc.nat() }),
    fc.record({ kind: fc.constant('blankLines' as const), count: fc.integer({ min: 1, max: 3 }) }),
  );
  fc.assert(
    fc.property(fc.array(damage, { minLength: 1, maxLength: 4 }), (damages) => {
      let text = recording;
      for (const d of damages) {
        const at = 'at' in d ? d.at % (text.length + 1) : 0;
        if (d.kind === 'delete') text = text.slice(0, at) + text.slice(at + d.length);
        if (d.kind === 'insert') text = text.slice(0, at) + d.text + text.slice(at);
        if (d.kind === 'truncate') text = text.slice(0, at);
        if (d.kind === 'blankLines') text = `${'\n'.repeat(d.count)}${text}`;
        if (d.kind === 'swapLines' || d.kind === 'dropLine') {
          const current = text.split('\n');
          const a = d.a % current.length;
          if (d.kind === 'dropLine') current.splice(a, 1);
          else {
            const b = d.b % current.length;
            [current[a], current[b]] = [current[b]!, current[a]!];
          }
          text = current.join('\n');
        }
      }
      try {
        const events = parseJsonl(text);
        for (const event of events) expect(parseWireEvent(event)).toEqual(event);
        outcomes.parsed += 1;
      } catch (error) {
        expect(InspectWireError.is(error)).toBe(true);
        expect((error as InspectWireError).line).toBeGreaterThanOrEqual(1);
        outcomes.rejected += 1;
      }
    }),
    { seed: SEED, numRuns: 1_000 },
  );
  console.log(
    `wire fuzz (recordings): a ${lines.length}-event dcrflow lifecycle recording damaged 1,000 ways: ${outcomes.parsed} still parsed, ${outcomes.rejected} rejected with an InspectWireError and its line`,
  );
  expect(outcomes.rejected).toBeGreaterThan(0);
});
