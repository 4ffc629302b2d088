import { describe, expect, it } from 'vitest';
import { dcrContextView } from '../src/model/dcrContextView.ts';
import { formatClock, formatDateTime, formatDuration, formatOffset } from '../src/model/formatDuration.ts';

const context = {
  clientId: 'client-1',
  secretFingerprint: '‹redacted:1a2b›',
  issuedAt: 1_700_000_000,
  token: {
    fingerprint: '‹redacted:9bc1›',
    tokenType: '‹redacted:0000›',
    obtainedAt: 1_000_000,
    refreshAt: 4_300_000,
    expiresAt: 4_600_000,
  },
  staleClientId: null,
  reauthenticationPending: false,
  now: 1_000_000,
  attempt: 2,
  retryAt: 1_004_000,
  error: { code: 'throttled', message: 'Token request was throttled (HTTP 429).' },
  blocked: false,
};

describe('dcrContextView', () => {
  it('reads credentials, the token TTL at the reference time, retry status and the last error', () => {
    const view = dcrContextView({ expiring: 'backoff' }, context, 1_001_000)!;
    expect(view.state).toBe('expiring');
    expect(view.credentials).toEqual({
      present: true,
      clientId: 'client-1',
      issuedAt: 1_700_000_000_000,
      secretFingerprint: '‹redacted:1a2b›',
    });
    expect(view.token).toMatchObject({ ttlMs: 3_599_000, refreshInMs: 3_299_000, lifetimeMs: 3_600_000 });
    expect(view.retry).toEqual({ attempt: 2, retryAt: 1_004_000, retryInMs: 3000, blocked: false, inBackoff: true });
    expect(view.error).toEqual({ code: 'throttled', message: 'Token request was throttled (HTTP 429).' });
  });

  it('counts down: the same snapshot read later has less TTL, negative once expired', () => {
    expect(dcrContextView('tokenValid', context, 4_000_000)!.token!.ttlMs).toBe(600_000);
    expect(dcrContextView('tokenValid', context, 5_000_000)!.token!.ttlMs).toBe(-400_000);
  });

  it('shows absent credentials and token, and no backoff outside backoff states', () => {
    const view = dcrContextView(
      { loading: 'reading' },
      { ...context, clientId: null, token: null, issuedAt: null, error: null, attempt: 0, retryAt: null },
      0,
    )!;
    expect(view.credentials.present).toBe(false);
    expect(view.token).toBeNull();
    expect(view.retry.inBackoff).toBe(false);
    expect(view.error).toBeNull();
  });

  it('returns null for other machines, so the panel shows their raw context', () => {
    expect(dcrContextView('idle', { count: 1 }, 0)).toBeNull();
    expect(dcrContextView('idle', null, 0)).toBeNull();
  });
});

describe('formatting', () => {
  it.each([
    [42, '42 ms'],
    [4_250, '4.2 s'],
    [42_000, '42 s'],
    [3_552_000, '59 min 12 s'],
    [21_540_000, '5 h 59 min'],
    [183_600_000, '2 d 3 h'],
    [-1500, '−1.5 s'],
    [Number.NaN, '—'],
  ])('formatDuration(%s) = %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it.each([
    [42, '+42 ms'],
    [4_250, '+4.2 s'],
    [3_301_000, '+55m01s'],
    [7_500_000, '+2h05m'],
    [-1500, '−1.5 s'],
  ])('formatOffset(%s) = %s', (ms, text) => {
    expect(formatOffset(ms)).toBe(text);
  });

  it('formats clock times and date-times in UTC', () => {
    expect(formatClock(Date.UTC(2025, 0, 1, 9, 5, 7, 42))).toBe('09:05:07.042');
    expect(formatDateTime(0)).toBe('1970-01-01 00:00:00 UTC');
  });
});
