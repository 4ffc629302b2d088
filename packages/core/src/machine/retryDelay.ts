/**
 * The retry policy of every backoff sub-state. Defaults: base 1 s, factor 2, cap 60 s; after a 429 wait at least
 * 1 s (Adobe throttling page: "throttling lifts 1 s after the first 429"), `Retry-After` honoured but clamped to
 * [1 s, 300 s] so a hostile or buggy header cannot park the client for hours.
 *
 * @example
 * ```ts
 * const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, capMs: 30_000 };
 * ```
 */
export interface RetryPolicy {
  readonly baseMs: number;
  readonly factor: number;
  readonly capMs: number;
  readonly minThrottleMs: number;
  readonly maxRetryAfterMs: number;
}

/**
 * The default {@link RetryPolicy}.
 *
 * @example
 * ```ts
 * DEFAULT_RETRY_POLICY.capMs; // 60_000
 * ```
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseMs: 1_000,
  factor: 2,
  capMs: 60_000,
  minThrottleMs: 1_000,
  maxRetryAfterMs: 300_000,
};

/** How a failure is retried: `transient` (exponential), `throttled` (429 rules), `blocked` (needs a human: at the cap). */
export type RetryKind = 'transient' | 'throttled' | 'blocked';

/**
 * The wait before retry number `attempt + 1` (attempt counts from 0). Full jitter on the exponential part (AWS
 * architecture blog, "Exponential Backoff And Jitter") so many clients that failed together do not retry together.
 *
 * @example
 * ```ts
 * retryDelay({ attempt: 0, kind: 'throttled', retryAfterMs: null, policy: DEFAULT_RETRY_POLICY, random: () => 0 }); // 1000
 * ```
 */
export function retryDelay(options: {
  attempt: number;
  kind: RetryKind;
  retryAfterMs: number | null;
  policy: RetryPolicy;
  random: () => number;
}): number {
  const { attempt, kind, retryAfterMs, policy } = options;
  const random = Math.min(Math.max(options.random(), 0), 1);
  const exponential = Math.min(policy.capMs, policy.baseMs * policy.factor ** Math.max(0, attempt));
  const clampRetryAfter = (ms: number, floor: number) => Math.min(Math.max(ms, floor), policy.maxRetryAfterMs);
  switch (kind) {
    case 'blocked':
      return policy.capMs + random * policy.baseMs;
    case 'throttled': {
      const floor =
        retryAfterMs === null
          ? Math.max(policy.minThrottleMs, exponential)
          : clampRetryAfter(retryAfterMs, policy.minThrottleMs);
      return floor + random * policy.baseMs;
    }
    case 'transient':
      return retryAfterMs === null ? random * exponential : clampRetryAfter(retryAfterMs, 0) + random * policy.baseMs;
  }
}
