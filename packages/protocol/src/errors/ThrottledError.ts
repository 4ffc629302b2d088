import { DcrError } from './DcrError.ts';

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
  readonly status = 429 as const;
  /** Seconds from the `Retry-After` header when the server sent one (Adobe does not). */
  readonly retryAfterSeconds: number | undefined;
  readonly endpoint: string;

  constructor(
    message: string,
    details: { retryAfterSeconds: number | undefined; endpoint: string },
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.endpoint = details.endpoint;
  }

  /**
   * True for a ThrottledError from any realm.
   *
   * @example
   * ```ts
   * if (ThrottledError.is(error)) metrics.increment('dcr.throttled');
   * ```
   */
  static override is(value: unknown): value is ThrottledError {
    return DcrError.is(value) && value.code === 'throttled';
  }

  protected override details(): Record<string, unknown> {
    return { status: this.status, retryAfterSeconds: this.retryAfterSeconds, endpoint: this.endpoint };
  }
}
