import { codeGuard, DcrError } from './DcrError.ts';

/**
 * The server answered HTTP 429. Adobe throttles per device (1 request/s after a burst of 10) and answers with an HTML
 * page and no `Retry-After`; throttling lifts 1 s after the first 429, so wait at least that long.
 * Source: Adobe Pass "Throttling mechanism" page; RFC 6585 §4.
 *
 * @example
 * ```ts
 * import { ThrottledError } from '@dcrflow/protocol';
 * if (ThrottledError.is(error)) await sleep(Math.max(1, error.retryAfterSeconds ?? 1) * 1000);
 * ```
 */
export class ThrottledError extends DcrError {
  override name = 'ThrottledError';
  override readonly code = 'throttled' as const;
  declare readonly status: 429;
  /** Seconds from the `Retry-After` header when the server sent one (Adobe does not). */
  declare readonly retryAfterSeconds: number | undefined;
  declare readonly endpoint: string;

  constructor(
    message: string,
    details: { retryAfterSeconds: number | undefined; endpoint: string },
    options?: { cause?: unknown },
  ) {
    super(message, options, { status: 429, retryAfterSeconds: details.retryAfterSeconds, endpoint: details.endpoint });
  }

  /**
   * True for a ThrottledError from any realm.
   *
   * @example
   * ```ts
   * if (ThrottledError.is(error)) metrics.increment('dcr.throttled');
   * ```
   */
  static override is = /* @__PURE__ */ codeGuard<ThrottledError>('throttled');
}
