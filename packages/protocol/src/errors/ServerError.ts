import { codeGuard, DcrError } from './DcrError.ts';

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
  declare readonly status: number;
  declare readonly retryAfterSeconds: number | undefined;
  declare readonly endpoint: string;

  constructor(
    message: string,
    details: { status: number; retryAfterSeconds: number | undefined; endpoint: string },
    options?: { cause?: unknown },
  ) {
    super(message, options, {
      status: details.status,
      retryAfterSeconds: details.retryAfterSeconds,
      endpoint: details.endpoint,
    });
  }

  /**
   * True for a ServerError from any realm.
   *
   * @example
   * ```ts
   * if (ServerError.is(error)) console.warn(`DCR server answered ${error.status}`);
   * ```
   */
  static override is = /* @__PURE__ */ codeGuard<ServerError>('server');
}
