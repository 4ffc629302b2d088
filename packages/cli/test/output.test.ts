import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSpinner } from '../src/output/createSpinner.ts';
import { formatDuration } from '../src/output/formatDuration.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [42_999, '42s'],
    [200_000, '3m 20s'],
    [21_540_000, '5h 59m'],
    [90_000_000, '1d 1h'],
    [-200_000, 'expired 3m 20s ago'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('createSpinner', () => {
  it('writes nothing when disabled', () => {
    const writes: string[] = [];
    const spinner = createSpinner({ write: (text) => writes.push(text) }, false);
    spinner.update('Working…');
    spinner.stop();
    expect(writes).toEqual([]);
  });

  it('redraws in place and erases its line on stop', () => {
    vi.useFakeTimers();
    const writes: string[] = [];
    const spinner = createSpinner({ write: (text) => writes.push(text) }, true, 80);
    spinner.update('Working…');
    vi.advanceTimersByTime(160);
    spinner.update('Almost…');
    spinner.stop();
    spinner.stop();
    vi.advanceTimersByTime(1000);
    expect(writes).toEqual([
      '\r⠋ Working…\x1b[K',
      '\r⠙ Working…\x1b[K',
      '\r⠹ Working…\x1b[K',
      '\r⠸ Almost…\x1b[K',
      '\r\x1b[K',
    ]);
  });
});
