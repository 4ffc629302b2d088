import { describe, expect, it } from 'vitest';
import { frameStats } from '../bench/frameStats.ts';

describe('frameStats', () => {
  const frames = [0, 16.7, 33.4, 50.1, 150.1, 166.8, 183.5];

  it('reports the longest gap between consecutive frames, the median and the gaps over 50 ms', () => {
    const stats = frameStats(frames, [], 0, 200);
    expect(stats.frames).toBe(6);
    expect(stats.longestFrameMs).toBeCloseTo(100);
    expect(stats.medianFrameMs).toBeCloseTo(16.7);
    expect(stats.framesOver50Ms).toBe(1);
  });

  it('counts a stall that began before the window and overlaps it', () => {
    const stats = frameStats(frames, [], 100, 140);
    expect(stats.frames).toBe(1);
    expect(stats.longestFrameMs).toBeCloseTo(100);
  });

  it('leaves out gaps entirely outside the window', () => {
    const stats = frameStats(frames, [], 151, 190);
    expect(stats.longestFrameMs).toBeCloseTo(16.7);
    expect(stats.framesOver50Ms).toBe(0);
  });

  it('counts the long tasks that started in the window and keeps the longest', () => {
    const tasks = [
      { start: 10, duration: 60 },
      { start: 55, duration: 95 },
      { start: 300, duration: 400 },
    ];
    const stats = frameStats(frames, tasks, 0, 200);
    expect(stats.longTasks).toBe(2);
    expect(stats.longestTaskMs).toBe(95);
  });

  it('reports zeros when no frame was painted', () => {
    expect(frameStats([], [], 0, 100)).toEqual({
      frames: 0,
      medianFrameMs: 0,
      longestFrameMs: 0,
      framesOver50Ms: 0,
      longTasks: 0,
      longestTaskMs: 0,
    });
  });
});
