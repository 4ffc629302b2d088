import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, retryDelay } from '../src/machine/retryDelay.ts';
import { tokenSchedule } from '../src/machine/tokenSchedule.ts';

// Fixed seed, as every property in the repository: a CI run explores the same cases, and a failure reproduces.
const PROPERTY_RUNS = { seed: 20_261_205, numRuns: 1_000 };

const policy = DEFAULT_RETRY_POLICY;

describe('retryDelay', () => {
  it('is full-jitter exponential for transient failures, capped at 60 s', () => {
    const waits = [0, 1, 2, 3, 4, 5, 6, 10].map((attempt) =>
      retryDelay({ attempt, kind: 'transient', retryAfterMs: null, policy, random: () => 1 }),
    );
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000]);
    expect(retryDelay({ attempt: 3, kind: 'transient', retryAfterMs: null, policy, random: () => 0 })).toBe(0);
  });

  it('property: transient waits stay within [0, min(cap, base·2^attempt)]', () => {
    fc.assert(
      fc.property(fc.nat(60), fc.double({ min: 0, max: 1, noNaN: true }), (attempt, sample) => {
        const wait = retryDelay({ attempt, kind: 'transient', retryAfterMs: null, policy, random: () => sample });
        return wait >= 0 && wait <= Math.min(policy.capMs, policy.baseMs * 2 ** attempt);
      }),
      PROPERTY_RUNS,
    );
  });

  it('property: after a 429 the wait is ≥ 1 s and ≤ 301 s whatever Retry-After says', () => {
    fc.assert(
      fc.property(
        fc.nat(60),
        fc.option(fc.integer({ min: -10_000, max: 10_000_000_000 }), { nil: null }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (attempt, retryAfterMs, sample) => {
          const wait = retryDelay({ attempt, kind: 'throttled', retryAfterMs, policy, random: () => sample });
          return wait >= 1_000 && wait <= 301_000;
        },
      ),
      PROPERTY_RUNS,
    );
  });

  it('honours Retry-After exactly (plus jitter) within the clamp', () => {
    expect(retryDelay({ attempt: 0, kind: 'throttled', retryAfterMs: 5_000, policy, random: () => 0 })).toBe(5_000);
    expect(retryDelay({ attempt: 0, kind: 'throttled', retryAfterMs: 0, policy, random: () => 0 })).toBe(1_000);
    expect(retryDelay({ attempt: 0, kind: 'transient', retryAfterMs: 9_000, policy, random: () => 0.5 })).toBe(9_500);
  });

  it('waits at the cap for blocked (configuration) failures', () => {
    expect(retryDelay({ attempt: 0, kind: 'blocked', retryAfterMs: null, policy, random: () => 0 })).toBe(60_000);
  });

  it('clamps a random source that misbehaves', () => {
    expect(retryDelay({ attempt: 0, kind: 'transient', retryAfterMs: null, policy, random: () => 7 })).toBe(1_000);
    expect(retryDelay({ attempt: 0, kind: 'transient', retryAfterMs: null, policy, random: () => -1 })).toBe(0);
  });
});

describe('tokenSchedule', () => {
  it('refreshes 20 % before expiry by default, at most 5 minutes', () => {
    expect(tokenSchedule({ obtainedAt: 0, expiresAt: 100_000, refreshLeadSeconds: null }).refreshAt).toBe(80_000);
    expect(tokenSchedule({ obtainedAt: 0, expiresAt: 21_600_000, refreshLeadSeconds: null }).refreshAt).toBe(
      21_300_000,
    );
  });

  it('uses refreshLeadSeconds, but never more than half the lifetime', () => {
    expect(tokenSchedule({ obtainedAt: 0, expiresAt: 3_600_000, refreshLeadSeconds: 60 }).refreshAt).toBe(3_540_000);
    expect(tokenSchedule({ obtainedAt: 0, expiresAt: 2_000, refreshLeadSeconds: 300 }).refreshAt).toBe(1_000);
  });

  it('property: obtainedAt ≤ refreshAt ≤ expiresAt', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.integer({ min: 0, max: 10 ** 9 }),
        fc.option(fc.integer({ min: 0, max: 10 ** 6 }), { nil: null }),
        (obtainedAt, lifetime, lead) => {
          const schedule = tokenSchedule({ obtainedAt, expiresAt: obtainedAt + lifetime, refreshLeadSeconds: lead });
          return schedule.refreshAt >= obtainedAt && schedule.refreshAt <= schedule.expiresAt;
        },
      ),
      PROPERTY_RUNS,
    );
  });
});
