import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEvents, createTimeline, type Timeline } from '../src/model/buildTimeline.ts';
import { filterRows, httpRecordOf } from '../src/model/filterRows.ts';
import { SCENARIOS } from '../src/teaching/scenarios.ts';
import { type RecordedRun, recordRun } from './helpers/recordRun.ts';

let run: RecordedRun;
let timeline: Timeline;

beforeAll(async () => {
  // The throttled scenario, run for real: the client against the in-process simulator, fetch observed by the bridge.
  const throttled = SCENARIOS.find((s) => s.id === 'throttled')!;
  run = await recordRun(async (runtime) => {
    for (const step of throttled.steps) await step.run(runtime);
  });
  timeline = createTimeline();
  appendEvents(timeline, run.events);
}, 30_000);
afterAll(() => run.runtime.dispose());

describe('timeline filter and HTTP lane (issue 9)', () => {
  it('records every HTTP request of the client, the 429s included, with method, path, status and duration', () => {
    const http = filterRows(timeline, timeline.machineRows, { lane: 'http', text: '' }).map(
      (i) => httpRecordOf(timeline.rows[i]!)!,
    );
    expect(http.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'POST /o/client/register 201',
      'POST /o/client/token 201',
      'POST /o/client/token 429',
      'POST /o/client/token 429',
      'POST /o/client/token 201',
    ]);
    for (const record of http) expect(record.durationMs).toBeGreaterThanOrEqual(0);
    // Nothing secret rides along: the run's statement, client secret and tokens appear in no HTTP row.
    const text = JSON.stringify(http);
    for (const secret of run.runtime.secrets()) expect(text).not.toContain(secret);
  });

  it('filters by lane and by words matched against type, source, actor, method, path and status', () => {
    const all = timeline.machineRows;
    const throttledRequests = filterRows(timeline, all, { lane: 'http', text: '429' });
    expect(throttledRequests).toHaveLength(2);
    expect(filterRows(timeline, all, { lane: 'all', text: 'token 429' })).toEqual(throttledRequests);
    const events = filterRows(timeline, all, { lane: 'events', text: '' });
    expect(events.every((i) => timeline.rows[i]!.kind !== 'meta')).toBe(true);
    // By source (the invoked actor's name) and by event type, case-insensitive.
    const fromRequestToken = filterRows(timeline, all, { lane: 'events', text: 'REQUESTTOKEN' });
    expect(fromRequestToken.length).toBeGreaterThan(0);
    expect(fromRequestToken.every((i) => timeline.rows[i]!.sourceName === 'requestToken')).toBe(true);
    expect(
      filterRows(timeline, all, { lane: 'events', text: 'token.failed' }).map((i) => timeline.rows[i]!.type),
    ).toEqual(['TOKEN.FAILED', 'TOKEN.FAILED']);
    const notes = filterRows(timeline, all, { lane: 'notes', text: '' });
    expect(notes.every((i) => timeline.rows[i]!.kind === 'meta' && timeline.rows[i]!.type !== 'http')).toBe(true);
    expect(filterRows(timeline, all, { lane: 'all', text: '' })).toEqual([...all]);
    expect(filterRows(timeline, all, { lane: 'all', text: 'no-such-thing' })).toEqual([]);
  });
});
