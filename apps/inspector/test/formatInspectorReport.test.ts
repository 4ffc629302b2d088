import { describe, expect, it } from 'vitest';
import { formatInspectorReport, type InspectorBenchEnvironment } from '../bench/formatInspectorReport.ts';
import type { FrameStats } from '../bench/frameStats.ts';
import type { RecordingMeasurement } from '../bench/measureRecording.ts';

const smooth: FrameStats = {
  frames: 60,
  medianFrameMs: 16.7,
  longestFrameMs: 16.8,
  framesOver50Ms: 0,
  longTasks: 0,
  longestTaskMs: 0,
};

function measurement(events: number, loadStallMs: number, clickMs = 15): RecordingMeasurement {
  const load: FrameStats = { ...smooth, longestFrameMs: loadStallMs, longTasks: loadStallMs > 50 ? 1 : 0 };
  return {
    events,
    machineRows: events / 5,
    totalRows: events / 2,
    rowsWithAllActors: events / 2,
    timelineMs: events / 50,
    loadMs: 700,
    load,
    scrub: smooth,
    scroll: smooth,
    session: load,
    interactions: [
      { kind: 'click', ms: clickMs },
      { kind: 'key', ms: 17 },
      { kind: 'toggle', ms: 30 },
    ],
    domRowsWhileScrolling: 30,
  };
}

const environment: InspectorBenchEnvironment = {
  cpu: 'Test CPU',
  cores: 2,
  memoryGiB: 4,
  os: 'Linux 6',
  node: 'v24.11.1',
  chromium: '156.0',
  command: '`pnpm bench`',
  date: '2026-01-01',
  loadAverageStart: 0.5,
  loadAverageEnd: 0.7,
  seconds: 40,
};

describe('formatInspectorReport', () => {
  it('shows the median and the worst round beside the baseline, and the ratio of the medians', () => {
    const report = formatInspectorReport(
      [100, 300, 200].map((stall) => ({
        blank: smooth,
        small: measurement(100, 20),
        large: measurement(10_000, stall),
      })),
      environment,
    );
    expect(report).toContain('| longest frame while loading | 200 ms | 300 ms | 20.0 ms | 20.0 ms | 10.0× |');
    expect(report).toContain('| load: file chosen → first painted frame listing the rows | 200 ms | 200 ms | 2.0 ms |');
    expect(report).toContain('| whole session: long tasks (Long Tasks API) | 1 | 1 | 0 | 0 | — |');
    expect(report).toContain('Chromium 156.0');
    expect(report).toContain('Command: `pnpm bench`; 40 s, 2026-01-01.');
  });

  it('says plainly which figures exceeded 50 ms and which stayed within it', () => {
    const report = formatInspectorReport(
      [{ blank: smooth, small: measurement(100, 20), large: measurement(10_000, 133.3, 60) }],
      environment,
    );
    expect(report).toContain(
      '**Yes, 50 ms was exceeded with 10,000 events**: the longest frame while loading was 133 ms (median; worst 133 ms), the slowest click or step was 60.0 ms (median; worst 60.0 ms);',
    );
    expect(report).toContain(
      'Within 50 ms in every round: the longest frame while scrubbing, checking "all actors", the longest frame while scrolling.',
    );
    expect(report).toContain('With 100 events, nothing went over 50 ms.');
  });

  it('says so when nothing exceeded 50 ms', () => {
    const report = formatInspectorReport(
      [{ blank: smooth, small: measurement(100, 20), large: measurement(10_000, 33.3) }],
      environment,
    );
    expect(report).toContain(
      '**Nothing exceeded 50 ms with 10,000 events** in any round: no frame and no interaction.',
    );
    expect(report).not.toContain('**Yes');
  });
});
