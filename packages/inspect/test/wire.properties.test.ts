import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InspectWireError, parseJsonl, parseWireEvent, toJsonl, type WireEvent } from '../src/index.ts';

// Fixed seed: a failure reproduces exactly; 1,000+ runs per property (the brief's floor).
const settings = { seed: 20_261_127, numRuns: 1_000 };

const json = fc.jsonValue({ maxDepth: 3 });
const eventObject = fc
  .tuple(
    fc.string(),
    fc.dictionary(
      fc.string().filter((key) => key !== 'type' && key !== '__proto__'),
      json,
      { maxKeys: 3 },
    ),
  )
  .map(([type, payload]) => ({ ...payload, type }));
const base = fc.record({
  v: fc.constant(1 as const),
  seq: fc.nat(),
  at: fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e15, max: 1e15 }).map((n) => (Object.is(n, -0) ? 0 : n)),
  sessionId: fc.string(),
  actorId: fc.string(),
});
const nullableString = fc.option(fc.string(), { nil: null });

const wireEvent: fc.Arbitrary<WireEvent> = fc.oneof(
  fc
    .tuple(base, nullableString, nullableString, json, fc.string())
    .map(([b, parentId, systemId, definition, name]) => ({
      ...b,
      kind: 'actor' as const,
      parentId,
      systemId,
      definition,
      name,
    })),
  fc
    .tuple(base, nullableString, eventObject)
    .map(([b, sourceId, event]) => ({ ...b, kind: 'event' as const, sourceId, event })),
  fc
    .tuple(
      base,
      eventObject,
      json,
      fc.constantFrom('active', 'done', 'error', 'stopped' as const),
      json,
      fc.option(json),
    )
    .map(([b, event, value, status, context, error]) => ({
      ...b,
      kind: 'snapshot' as const,
      event,
      snapshot: error === null ? { value, status, context } : { value, status, context, error },
    })),
  fc
    .tuple(
      base,
      eventObject,
      fc.array(
        fc.record({ source: fc.string(), targets: fc.array(fc.string(), { maxLength: 3 }), eventType: fc.string() }),
        {
          maxLength: 3,
        },
      ),
    )
    .map(([b, event, transitions]) => ({ ...b, kind: 'microstep' as const, event, transitions })),
  fc.tuple(base, fc.string(), json).map(([b, label, data]) => ({ ...b, kind: 'meta' as const, label, data })),
);

function onlyWireErrors(run: () => unknown): boolean {
  try {
    run();
    return true;
  } catch (error) {
    return InspectWireError.is(error) && error instanceof InspectWireError;
  }
}

describe('wire format properties', () => {
  it('parseWireEvent throws nothing but InspectWireError, whatever it is given', () => {
    fc.assert(
      fc.property(
        fc.anything({
          withBigInt: true,
          withMap: true,
          withSet: true,
          withDate: true,
          withTypedArray: true,
          withSparseArray: true,
          withNullPrototype: true,
        }),
        (input) => onlyWireErrors(() => parseWireEvent(input)),
      ),
      settings,
    );
  });

  it('parseWireEvent throws nothing but InspectWireError on arbitrary text and damaged events', () => {
    const damaged = fc.tuple(wireEvent, fc.nat(), fc.string()).map(([event, at, insert]) => {
      const text = JSON.stringify(event);
      const cut = at % (text.length + 1);
      return text.slice(0, cut) + insert + text.slice(cut + 1);
    });
    fc.assert(
      fc.property(fc.oneof(fc.string(), damaged), (text) => onlyWireErrors(() => parseWireEvent(text))),
      settings,
    );
  });

  it('parseJsonl throws nothing but InspectWireError on arbitrary text', () => {
    const lines = fc.array(
      fc.oneof(
        fc.string(),
        wireEvent.map((event) => JSON.stringify(event)),
      ),
      { maxLength: 5 },
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          lines.map((parts) => parts.join('\n')),
        ),
        (text) => onlyWireErrors(() => parseJsonl(text)),
      ),
      settings,
    );
  });

  it('every valid event survives parseWireEvent unchanged', () => {
    fc.assert(
      fc.property(wireEvent, (event) => {
        // Compared with its JSON image: JSON itself turns -0 into 0.
        const image = JSON.parse(JSON.stringify(event));
        expect(parseWireEvent(image)).toEqual(image);
      }),
      settings,
    );
  });

  it('toJsonl then parseJsonl gives the same events back', () => {
    fc.assert(
      fc.property(fc.array(wireEvent, { maxLength: 8 }), (events) => {
        expect(parseJsonl(toJsonl(events))).toEqual(JSON.parse(JSON.stringify(events)));
      }),
      settings,
    );
  });
});
