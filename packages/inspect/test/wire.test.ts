import { describe, expect, it } from 'vitest';
import { InspectWireError, parseJsonl, parseWireEvent, toJsonl, WIRE_VERSION, type WireEvent } from '../src/index.ts';

const base = { v: 1, seq: 0, at: 1_700_000_000_000, sessionId: 's1', actorId: 'x:0' } as const;

export const examples: WireEvent[] = [
  { ...base, kind: 'actor', parentId: null, systemId: null, definition: { id: 'm', states: {} }, name: 'm' },
  { ...base, seq: 1, kind: 'event', sourceId: null, event: { type: 'GO', payload: { n: 1 } } },
  {
    ...base,
    seq: 2,
    kind: 'snapshot',
    event: { type: 'GO' },
    snapshot: { value: { open: 'idle' }, status: 'active', context: { n: 1 } },
  },
  {
    ...base,
    seq: 3,
    kind: 'snapshot',
    event: { type: 'FAIL' },
    snapshot: { value: 'broken', status: 'error', context: null, error: { name: 'Error', message: 'Boom.' } },
  },
  {
    ...base,
    seq: 4,
    kind: 'microstep',
    event: { type: 'GO' },
    transitions: [{ source: 'm.a', targets: ['m.b'], eventType: 'GO' }],
  },
  { ...base, seq: 5, kind: 'meta', label: 'recording', data: { note: 'recording started' } },
];

function wireError(run: () => unknown): InspectWireError {
  try {
    run();
  } catch (error) {
    expect(InspectWireError.is(error)).toBe(true);
    return error as InspectWireError;
  }
  throw new Error('expected an InspectWireError');
}

describe('parseWireEvent', () => {
  it('is version 1', () => {
    expect(WIRE_VERSION).toBe(1);
  });

  it.each(examples.map((event) => [event.kind, event] as const))('accepts a valid %s event', (_kind, event) => {
    expect(parseWireEvent(event)).toEqual(event);
    expect(parseWireEvent(JSON.stringify(event))).toEqual(event);
  });

  it('keeps event payload fields and drops unknown top-level fields', () => {
    const parsed = parseWireEvent({ ...examples[1], extra: 'dropped' });
    expect(parsed).toEqual(examples[1]);
    expect(parsed).not.toHaveProperty('extra');
  });

  it.each([
    [null, 'Wire event is invalid: expected a JSON object, got null.'],
    [[], 'Wire event is invalid: expected a JSON object, got an array.'],
    [42, 'Wire event is invalid: expected a JSON object, got a number.'],
    [undefined, 'Wire event is invalid: expected a JSON object, got nothing.'],
    ['{"v":1,', 'Wire event is not valid JSON.'],
    [
      { ...examples[5], v: 2 },
      'Wire event is invalid: it is wire format version 2, and this build reads version 1 only.',
    ],
    [
      { ...base },
      'Wire event is invalid: kind: expected one of "actor", "event", "snapshot", "microstep", "meta" but the field is missing.',
    ],
    [
      { ...base, kind: 'state' },
      'Wire event is invalid: kind: expected one of "actor", "event", "snapshot", "microstep", "meta".',
    ],
    [{ ...examples[5], seq: -1 }, 'Wire event is invalid: seq: expected a non-negative integer.'],
    [{ ...examples[5], seq: 1.5 }, 'Wire event is invalid: seq: expected an integer, got a number.'],
    [{ ...examples[5], seq: '1' }, 'Wire event is invalid: seq: expected a number, got a string.'],
    [{ ...examples[5], data: undefined }, 'Wire event is invalid: data: expected a value but the field is missing.'],
    [
      { ...base, kind: 'meta', label: 'no data' },
      'Wire event is invalid: data: expected a value but the field is missing.',
    ],
    [
      { ...examples[1], event: { payload: 1 } },
      'Wire event is invalid: event.type: expected a string but the field is missing.',
    ],
    [
      { ...examples[2], snapshot: { value: 'a', status: 'paused', context: {} } },
      'Wire event is invalid: snapshot.status: expected one of "active", "done", "error", "stopped".',
    ],
    [
      { ...examples[4], transitions: [{ source: 1, targets: 'm.b', eventType: 'GO' }] },
      'Wire event is invalid: transitions[0].source: expected a string, got a number; transitions[0].targets: expected an array, got a string.',
    ],
  ])('rejects %j with a sentence', (input, message) => {
    const error = wireError(() => parseWireEvent(input));
    expect(error.message).toBe(message);
    expect(error.name).toBe('InspectWireError');
  });

  it('names types, never values, so a payload cannot leak into the message', () => {
    const error = wireError(() => parseWireEvent({ ...examples[5], seq: 'client-secret-1234', label: 77 }));
    expect(error.message).not.toContain('client-secret-1234');
    expect(error.message).toBe(
      'Wire event is invalid: seq: expected a number, got a string; label: expected a string, got a number.',
    );
    const json = wireError(() => parseWireEvent('{"access_token": "tok-123",'));
    expect(json.message).not.toContain('tok-123');
    expect(json.cause).toBeUndefined();
  });

  it('turns unreadable objects into an InspectWireError too', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('boom');
        },
        has() {
          throw new Error('boom');
        },
        ownKeys() {
          throw new Error('boom');
        },
      },
    );
    expect(wireError(() => parseWireEvent(hostile)).message).toBe(
      'Wire event could not be read: it is not plain JSON data.',
    );
  });
});

describe('JSONL recordings', () => {
  it('round-trips events, one per line, each line ending in a newline', () => {
    const text = toJsonl(examples);
    expect(text.split('\n')).toHaveLength(examples.length + 1);
    expect(text.endsWith('}\n')).toBe(true);
    expect(parseJsonl(text)).toEqual(examples);
  });

  it('writes nothing for no events and reads nothing from an empty file', () => {
    expect(toJsonl([])).toBe('');
    expect(parseJsonl('')).toEqual([]);
    expect(parseJsonl('\n\n')).toEqual([]);
  });

  it('accepts CRLF line ends, blank lines, no trailing newline and a byte-order mark', () => {
    const lines = examples.map((event) => JSON.stringify(event));
    expect(parseJsonl(`\uFEFF${lines.join('\r\n')}`)).toEqual(examples);
    expect(parseJsonl(`${lines[0]}\n\n${lines[1]}\r\n\r\n`)).toEqual(examples.slice(0, 2));
  });

  it('names the line of invalid JSON', () => {
    const text = `${JSON.stringify(examples[0])}\n\n{"v":1,\n`;
    const error = wireError(() => parseJsonl(text));
    expect(error.message).toBe('Recording line 3 is not valid JSON.');
    expect(error.line).toBe(3);
  });

  it('names the line and the field of an invalid event', () => {
    const text = `${JSON.stringify(examples[0])}\n${JSON.stringify({ ...examples[1], sourceId: 5 })}\n`;
    const error = wireError(() => parseJsonl(text));
    expect(error.message).toBe(
      'Recording line 2 is not a valid wire event: sourceId: expected a string, got a number.',
    );
    expect(error.line).toBe(2);
  });

  it('refuses input that is not text', () => {
    expect(wireError(() => parseJsonl(Buffer.from('{}') as unknown as string)).message).toBe(
      'A recording must be JSONL text, got an object.',
    );
  });

  it('refuses to write an invalid event or one JSON cannot hold, naming its line', () => {
    const invalid = wireError(() => toJsonl([examples[0] as WireEvent, { ...examples[1], seq: -1 } as WireEvent]));
    expect(invalid.message).toBe('Event 2 is not a valid wire event: seq: expected a non-negative integer.');
    expect(invalid.line).toBe(2);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const unwritable = wireError(() => toJsonl([{ ...base, kind: 'meta', label: 'x', data: cyclic }]));
    expect(unwritable.message).toBe('Event 1 cannot be written as JSON (a cycle or a BigInt?).');
  });
});
