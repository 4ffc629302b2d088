import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../src/index.ts';

const NOW = Date.UTC(2025, 5, 1, 12, 0, 0); // Sunday 1 June 2025, 12:00:00 UTC

describe('parseRetryAfter', () => {
  it.each<[string | null, number | undefined]>([
    ['0', 0],
    ['5', 5],
    [' 120 ', 120],
    ['007', 7],
    [null, undefined],
    ['', undefined],
    ['-1', undefined],
    ['1.5', undefined],
    ['5s', undefined],
    ['soon', undefined],
    ['9'.repeat(400), undefined],
  ])('delay-seconds %j → %j', (value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });

  it.each<[string, number | undefined]>([
    ['Sun, 01 Jun 2025 12:00:30 GMT', 30],
    ['Sun, 01 Jun 2025 12:00:00 GMT', 0],
    ['Sun, 01 Jun 2025 11:59:00 GMT', 0],
    ['Mon, 02 Jun 2025 12:00:00 GMT', 86_400],
    ['Sun, 01 Jun 2025 12:00:00.5 GMT', undefined],
    ['Sunday, 01-Jun-25 12:01:00 GMT', 60],
    ['Sun Jun  1 12:00:10 2025', 10],
    ['Sun, 31 Feb 2025 12:00:00 GMT', undefined],
    ['Sun, 01 Jun 2025 24:00:00 GMT', undefined],
    ['sun, 01 jun 2025 12:00:30 gmt', undefined],
    ['2025-06-01T12:00:30Z', undefined],
  ])('HTTP-date %j → %j', (value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });

  it('reads a two-digit RFC 850 year as at most 50 years ahead', () => {
    // "99" seen in 2025 is 1999, in the past, so wait 0; "74" is 2074, ahead.
    expect(parseRetryAfter('Friday, 31-Dec-99 23:59:59 GMT', NOW)).toBe(0);
    expect(parseRetryAfter('Sunday, 01-Jun-74 12:00:00 GMT', NOW)).toBe(
      Math.ceil((Date.UTC(2074, 5, 1, 12) - NOW) / 1000),
    );
  });

  it('defaults to the current time', () => {
    const inOneMinute = new Date(Date.now() + 60_000).toUTCString();
    const seconds = parseRetryAfter(inOneMinute);
    expect(seconds).toBeGreaterThanOrEqual(58);
    expect(seconds).toBeLessThanOrEqual(60);
  });
});
