import { DcrError } from './DcrError.ts';

/**
 * The server answered a non-2xx status without a recognisable error body (typically a 5xx HTML page from a proxy).
 * Retryable when the status is 5xx.
 *
 * @example
 * ```ts
 * import { ServerError } from '@dcrflow/protocol';
 * if (ServerError.is(error) && error.status >= 500) scheduleRetry(error.retryAfterSeconds);
 * ```
 */
export class ServerError extends DcrError {
  override name = 'ServerError';
  override readonly code = 'server' as const;
  readonly status: number;
  readonly retryAfterSeconds: number | undefined;
  readonly endpoint: string;

  constructor(
    message: string,
    details: { status: number; retryAfterSeconds: number | undefined; endpoint: string },
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.status = details.status;
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.endpoint = details.endpoint;
  }

  /**
   * True for a ServerError from any realm.
   *
   * @example
   * ```ts
   * if (ServerError.is(error)) console.warn(`DCR server answered ${error.status}`);
   * ```
   */
  static override is(value: unknown): value is ServerError {
    return DcrError.is(value) && value.code === 'server';
  }

  protected override details(): Record<string, unknown> {
    return { status: this.status, retryAfterSeconds: this.retryAfterSeconds, endpoint: this.endpoint };
  }
}
