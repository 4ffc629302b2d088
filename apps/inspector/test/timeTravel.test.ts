import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEvents, createTimeline, type Timeline } from '../src/model/buildTimeline.ts';
import { formatStateValue } from '../src/model/formatStateValue.ts';
import { LIVE, type PlaybackState, playback } from '../src/model/playback.ts';
import { momentAt, stepRow } from '../src/model/timeTravel.ts';
import { type RecordedRun, recordRun } from './helpers/recordRun.ts';

let run: RecordedRun;
let timeline: Timeline;

beforeAll(async () => {
  // First run, then an app restart (warm start): two lifecycle actors in one session.
  run = await recordRun(async (runtime) => {
    await runtime.startApp();
    runtime.note('restart', { title: 'Restart the app' });
    await runtime.restartApp();
  });
  timeline = createTimeline();
  appendEvents(timeline, run.events);
});
afterAll(() => run.runtime.dispose());

const rowOf = (type: string, nth = 0) => timeline.rows.filter((r) => r.type === type)[nth]!;

describe('momentAt (time travel)', () => {
  it('shows the chart state as it was right after the selected event', () => {
    expect(formatStateValue(momentAt(timeline, rowOf('STORE.EMPTY').index).snapshot?.value)).toBe(
      'registering.requesting',
    );
    expect(formatStateValue(momentAt(timeline, rowOf('REGISTER.SUCCEEDED').index).snapshot?.value)).toBe(
      'registered.requesting',
    );
    expect(formatStateValue(momentAt(timeline, rowOf('TOKEN.SUCCEEDED').index).snapshot?.value)).toBe('tokenValid');
  });

  it('shows the context as it was: no credentials before registration, a client id after', () => {
    const before = momentAt(timeline, rowOf('STORE.EMPTY').index).snapshot?.context as { clientId: string | null };
    const after = momentAt(timeline, rowOf('REGISTER.SUCCEEDED').index).snapshot?.context as {
      clientId: string | null;
    };
    expect(before.clientId).toBeNull();
    expect(after.clientId).toEqual(expect.any(String));
  });

  it('carries the transitions of the selected event for the chart animation', () => {
    const moment = momentAt(timeline, rowOf('TOKEN.SUCCEEDED').index);
    expect(moment.transitions).toEqual([
      // The guard is named (wire format 1.1): null for the unguarded TOKEN.SUCCEEDED, not its guarded sibling.
      { source: 'dcr.registered.requesting', targets: ['dcr.tokenValid'], eventType: 'TOKEN.SUCCEEDED', guard: null },
    ]);
  });

  it("shows a callback actor's row on its parent machine, with the parent's last step still highlighted", () => {
    const child = timeline.rows.find((r) => r.kind === 'actor' && r.type === 'registerClient')!;
    const moment = momentAt(timeline, child.index);
    expect(timeline.actors.get(moment.actorId!)?.name).toBe('dcr');
    expect(moment.stepRow?.kind).toBe('event');
    expect(moment.stepRow?.actorId).toBe(moment.actorId);
    expect(moment.stepRow!.index).toBeLessThan(child.index);
    expect(moment.transitions).toBe(moment.stepRow!.transitions);
  });

  it("a note after an event keeps that event's step on the chart (issue 9: notes never clear the highlight)", () => {
    const note = rowOf('restart');
    const moment = momentAt(timeline, note.index);
    expect(moment.row).toBe(note);
    expect(moment.stepRow).not.toBeNull();
    expect(moment.transitions.length).toBeGreaterThan(0);
  });

  it('follows the restarted client: before the restart the first actor, after it the second', () => {
    const first = momentAt(timeline, rowOf('TOKEN.SUCCEEDED').index).actorId;
    const afterRestart = momentAt(timeline, rowOf('STORE.LOADED').index);
    expect(afterRestart.actorId).not.toBe(first);
    expect(formatStateValue(afterRestart.snapshot?.value)).toBe('tokenValid');
    // The note between the two belongs to no actor: it shows the newest machine started by then.
    expect(momentAt(timeline, rowOf('restart').index).actorId).toBe(first);
    expect(momentAt(timeline, null).actorId).toBe(afterRestart.actorId);
  });

  it('can pin an actor', () => {
    const first = momentAt(timeline, rowOf('TOKEN.SUCCEEDED').index).actorId!;
    const pinned = momentAt(timeline, null, first);
    expect(pinned.actorId).toBe(first);
    expect(pinned.snapshot?.status).toBe('stopped');
  });

  it('is empty before anything happened', () => {
    expect(momentAt(createTimeline(), null)).toMatchObject({ actorId: null, snapshot: null, row: null });
  });
});

describe('stepRow', () => {
  const visible = [0, 2, 5, 9];
  it.each([
    [null, -1, 9],
    [null, 1, null],
    [2, 1, 5],
    [2, -1, 0],
    [0, -1, 0],
    [9, 1, 9],
    [3, 1, 5], // hidden row: the next visible one
    [3, -1, 2], // hidden row: the visible one before it
  ] as const)('from %s by %s → %s', (current, direction, expected) => {
    expect(stepRow(visible, current, direction)).toBe(expected);
  });
  it('has nowhere to go in an empty list', () => {
    expect(stepRow([], 3, 1)).toBeNull();
  });
});

describe('playback reducer', () => {
  const visible = [1, 3, 4];
  it('steps, selects and returns to live', () => {
    let state: PlaybackState = LIVE;
    state = playback(state, { type: 'step', direction: -1, visible });
    expect(state).toEqual({ selected: 4, playing: false });
    state = playback(state, { type: 'step', direction: -1, visible });
    expect(state.selected).toBe(3);
    state = playback(state, { type: 'select', row: 1 });
    expect(state).toEqual({ selected: 1, playing: false });
    state = playback(state, { type: 'first', visible });
    expect(state.selected).toBe(1);
    expect(playback(state, { type: 'live' })).toEqual(LIVE);
  });

  it('plays from the start when at the head, ticks forward, and stops on the last row', () => {
    let state = playback(LIVE, { type: 'toggle', visible });
    expect(state).toEqual({ selected: 1, playing: true });
    state = playback(state, { type: 'tick', visible });
    expect(state).toEqual({ selected: 3, playing: true });
    state = playback(state, { type: 'tick', visible });
    expect(state).toEqual({ selected: 4, playing: false });
    expect(playback(state, { type: 'tick', visible })).toBe(state);
  });

  it('pauses and resumes where it was', () => {
    const paused = playback({ selected: 3, playing: true }, { type: 'toggle', visible });
    expect(paused).toEqual({ selected: 3, playing: false });
    expect(playback(paused, { type: 'toggle', visible })).toEqual({ selected: 3, playing: true });
  });

  it('does nothing when there is nothing to play', () => {
    expect(playback(LIVE, { type: 'toggle', visible: [] })).toBe(LIVE);
  });
});
