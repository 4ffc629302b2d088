import { parseJsonl } from '@dcrflow/inspect';
import { describe, expect, it } from 'vitest';
import { exportRecording } from '../src/wire/exportRecording.ts';
import { readRecording } from '../src/wire/readRecording.ts';
import type { WireEvent } from '../src/wire/wireTypes.ts';

const base = { v: 1, seq: 0, at: 1_700_000_000_000, sessionId: 's1', actorId: 'x:0' } as const;

const samples: WireEvent[] = [
  { ...base, kind: 'actor', parentId: null, systemId: null, definition: { id: 'm', states: {} }, name: 'm' },
  { ...base, seq: 1, kind: 'event', sourceId: null, event: { type: 'GO', at: 1 } },
  {
    ...base,
    seq: 2,
    kind: 'microstep',
    event: { type: 'GO' },
    transitions: [{ source: 'm.a', targets: ['m.b'], eventType: 'GO' }],
  },
  {
    ...base,
    seq: 3,
    kind: 'snapshot',
    event: { type: 'GO' },
    snapshot: { value: 'b', status: 'active', context: { n: 1 } },
  },
];

describe('exportRecording', () => {
  it('writes a recording header, then every event, readable by @dcrflow/inspect and by readRecording', () => {
    const text = exportRecording(samples, { source: 'teaching' });
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      kind: 'meta',
      label: 'recording',
      data: { events: 4, source: 'teaching', note: 'exported by the dcrflow inspector' },
    });
    expect(parseJsonl(text).slice(1)).toEqual(samples);
    expect(readRecording(text)).toEqual({ events: parseJsonl(text), problems: [] });
  });

  it('does not add a second header to a session that starts with one', () => {
    const header: WireEvent = { ...base, kind: 'meta', label: 'recording', data: null };
    expect(exportRecording([header, samples[1]!]).trimEnd().split('\n')).toHaveLength(2);
  });

  it('exports nothing for an empty session', () => {
    expect(exportRecording([])).toBe('');
  });
});

describe('readRecording', () => {
  it('reports and skips bad lines, keeps the good ones, ignores blank lines, CRLF and a BOM', () => {
    const text = `\uFEFF${[JSON.stringify(samples[1]), '', '{not json', JSON.stringify({ v: 1 }), JSON.stringify({ ...samples[1], v: 2 }), JSON.stringify(samples[3])].join('\r\n')}`;
    const { events, problems } = readRecording(text);
    expect(events).toEqual([samples[1], samples[3]]);
    expect(problems.map((p) => p.line)).toEqual([3, 4, 5]);
    expect(problems[0]!.message).toBe('The line is not valid JSON.');
    expect(problems[2]!.message).toMatch(/version 2/);
  });

  it('reads a file that is all noise as no events with one problem per line', () => {
    expect(readRecording('a\nb\n')).toEqual({
      events: [],
      problems: [
        { line: 1, message: 'The line is not valid JSON.' },
        { line: 2, message: 'The line is not valid JSON.' },
      ],
    });
  });
});
