import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appendEvents,
  createTimeline,
  mainActorId,
  resultingState,
  rowHorizon,
  snapshotAtEvent,
  type Timeline,
} from '../src/model/buildTimeline.ts';
import { formatStateValue } from '../src/model/formatStateValue.ts';
import type { WireEvent } from '../src/wire/wireTypes.ts';
import { firstRunAndRefresh, type RecordedRun, recordRun } from './helpers/recordRun.ts';

let run: RecordedRun;
let timeline: Timeline;

beforeAll(async () => {
  run = await recordRun(firstRunAndRefresh);
  timeline = createTimeline();
  appendEvents(timeline, run.events);
});
afterAll(() => run.runtime.dispose());

const machineRowsOf = (t: Timeline) => t.machineRows.map((i) => t.rows[i]!);

describe('buildTimeline on a real client run', () => {
  it('finds the lifecycle machine as the main actor and its invoked actors as children', () => {
    const main = mainActorId(timeline);
    expect(main).not.toBeNull();
    expect(timeline.actors.get(main!)?.name).toBe('dcr');
    const children = [...timeline.actors.values()].filter((a) => a.parentId === main).map((a) => a.name);
    expect(children).toEqual(expect.arrayContaining(['loadStore', 'registerClient', 'requestToken']));
  });

  it('pairs every machine event with the state it resulted in', () => {
    const rows = machineRowsOf(timeline).filter((r) => r.kind === 'event');
    const summary = rows.map((r) => `${r.type} → ${resultingState(timeline, r)}`);
    expect(summary).toEqual([
      'xstate.init → loading.reading',
      'STORE.EMPTY → registering.requesting',
      'REGISTER.SUCCEEDED → registered.requesting',
      'TOKEN.SUCCEEDED → tokenValid',
      'xstate.after.refreshAt.dcr.tokenValid → expiring.refreshing',
      'TOKEN.SUCCEEDED → tokenValid',
    ]);
  });

  it('labels where each event came from: XState itself, the invoked actor, a timer, or the outside', () => {
    const rows = machineRowsOf(timeline).filter((r) => r.kind === 'event');
    expect(rows.map((r) => (r.sourceName === null ? r.source : `${r.source}:${r.sourceName}`))).toEqual([
      'system', // xstate.init: XState starting the actor, not an "external" send (issue 9)
      'child:loadStore',
      'child:registerClient',
      'child:requestToken',
      'timer',
      'child:requestToken',
    ]);
  });

  it('attaches the microstep transitions to the event that took them, the eventless one included', () => {
    const storeEmpty = timeline.rows.find((r) => r.type === 'STORE.EMPTY')!;
    expect(storeEmpty.transitions).toEqual([
      { source: 'dcr.loading.reading', targets: ['dcr.unregistered'], eventType: 'STORE.EMPTY', guard: null },
      // The always edge names its guard (wire format 1.1), so the chart can label it `always [hasSoftwareStatement]`.
      { source: 'dcr.unregistered', targets: ['dcr.registering'], eventType: '', guard: 'hasSoftwareStatement' },
    ]);
    const observed = timeline.observedTransitions.get(mainActorId(timeline)!)!;
    expect([...observed.values()].some((t) => t.eventType === '')).toBe(true);
  });

  it('hides callback actors from the default rows but keeps them in all rows', () => {
    expect(timeline.rows.length).toBeGreaterThan(timeline.machineRows.length);
    const main = mainActorId(timeline);
    for (const row of machineRowsOf(timeline)) expect(row.kind === 'meta' || row.actorId === main).toBe(true);
    expect(timeline.rows.some((r) => r.kind === 'actor' && r.type === 'requestToken')).toBe(true);
  });

  it('keeps scenario notes as meta rows', () => {
    // The run had no notes; its meta rows are the HTTP records of the observed fetch (issue 9's HTTP lane).
    const metaTypes = timeline.rows.filter((r) => r.kind === 'meta').map((r) => r.type);
    expect(new Set(metaTypes)).toEqual(new Set(['http']));
    const withNote = createTimeline();
    appendEvents(withNote, [
      { v: 1, seq: 0, at: 5, sessionId: 's', actorId: 'teaching', kind: 'meta', label: 'step', data: { title: 'x' } },
    ]);
    expect(withNote.rows[0]).toMatchObject({ kind: 'meta', type: 'step', payload: { title: 'x' } });
    expect(withNote.machineRows).toEqual([0]);
  });

  it('builds the same timeline whether events arrive at once or one by one', () => {
    const incremental = createTimeline();
    for (const event of run.events) appendEvents(incremental, [event]);
    const strip = (t: Timeline) => t.rows.map((r) => ({ ...r }));
    expect(strip(incremental)).toEqual(strip(timeline));
    expect(incremental.machineRows).toEqual(timeline.machineRows);
  });
});

describe('snapshotAtEvent', () => {
  const events: WireEvent[] = [0, 1, 2].map((n) => ({
    v: 1,
    seq: n,
    at: n,
    sessionId: 's',
    actorId: 'a',
    kind: 'snapshot',
    event: { type: `E${n}` },
    snapshot: { value: `s${n}`, status: 'active', context: null },
  }));

  it('returns the last snapshot at or before the index (binary search), null before the first', () => {
    const t = createTimeline();
    appendEvents(t, [
      { v: 1, seq: 9, at: 0, sessionId: 's', actorId: 'b', kind: 'meta', label: 'x', data: null },
      ...events,
    ]);
    expect(snapshotAtEvent(t, 'a', 0)).toBeNull();
    expect(snapshotAtEvent(t, 'a', 1)?.snapshot.value).toBe('s0');
    expect(snapshotAtEvent(t, 'a', 2)?.snapshot.value).toBe('s1');
    expect(snapshotAtEvent(t, 'a', 99)?.snapshot.value).toBe('s2');
    expect(snapshotAtEvent(t, 'nobody', 3)).toBeNull();
  });

  it('turns snapshots nobody announced into rows of their own', () => {
    const t = createTimeline();
    appendEvents(t, events);
    expect(t.rows.map((r) => [r.type, r.source, resultingState(t, r)])).toEqual([
      ['E0', 'producer', 's0'],
      ['E1', 'producer', 's1'],
      ['E2', 'producer', 's2'],
    ]);
    expect(rowHorizon(t.rows[1]!)).toBe(1);
  });

  it('resolves ignored events (no snapshot of their own) to the state at the time', () => {
    const t = createTimeline();
    const ev = (seq: number, type: string): WireEvent => ({
      v: 1,
      seq,
      at: seq,
      sessionId: 's',
      actorId: 'a',
      kind: 'event',
      sourceId: null,
      event: { type },
    });
    appendEvents(t, [
      ev(0, 'IGNORED'),
      ev(1, 'GO'),
      {
        v: 1,
        seq: 2,
        at: 2,
        sessionId: 's',
        actorId: 'a',
        kind: 'snapshot',
        event: { type: 'GO' },
        snapshot: { value: 'went', status: 'active', context: null },
      },
    ]);
    expect(t.rows.map((r) => [r.type, r.resultIndex])).toEqual([
      ['IGNORED', -1],
      ['GO', 2],
    ]);
    expect(resultingState(t, t.rows[0]!)).toBe('');
    expect(resultingState(t, t.rows[1]!)).toBe('went');
  });
});

describe('formatStateValue', () => {
  it.each([
    ['tokenValid', 'tokenValid'],
    [{ registering: 'backoff' }, 'registering.backoff'],
    [{ a: { b: 'c' } }, 'a.b.c'],
    [{ left: 'x', right: { y: 'z' } }, '{left: x, right: y.z}'],
    [null, ''],
    [undefined, ''],
  ])('%j → %s', (value, text) => {
    expect(formatStateValue(value)).toBe(text);
  });
});

it('formats the resulting state of a stopped actor with its status', () => {
  const t = createTimeline();
  appendEvents(t, [
    {
      v: 1,
      seq: 0,
      at: 0,
      sessionId: 's',
      actorId: 'a',
      kind: 'snapshot',
      event: { type: 'xstate.stop' },
      snapshot: { value: 'idle', status: 'stopped', context: null },
    },
  ]);
  expect(resultingState(t, t.rows[0]!)).toBe('idle (stopped)');
  expect(t.rows[0]!.source).toBe('system');
});

describe('every micro-step of an event (issue 9: always and onDone chains)', () => {
  it('attaches the always and done-state micro-steps to the event that started them, in order', async () => {
    const { createInspectorBridge, memoryTransport } = await import('@dcrflow/inspect');
    const { createActor, createMachine } = await import('xstate');
    const machine = createMachine({
      id: 'job',
      initial: 'idle',
      states: {
        idle: { on: { GO: 'working' } },
        working: {
          initial: 'step',
          states: { step: { always: 'finished' }, finished: { type: 'final' } },
          onDone: 'done',
        },
        done: {},
      },
    });
    const memory = memoryTransport();
    const bridge = createInspectorBridge({ transport: memory });
    const actor = createActor(machine, { inspect: bridge.inspect }).start();
    actor.send({ type: 'GO' });
    actor.stop();
    const t = createTimeline();
    appendEvents(t, memory.events());
    const go = t.rows.find((r) => r.type === 'GO')!;
    expect(go.transitions.map((s) => `${s.source} → ${s.targets.join(',')}`)).toEqual([
      'job.idle → job.working',
      'job.working.step → job.working.finished',
      'job.working → job.done',
    ]);
  });
});
