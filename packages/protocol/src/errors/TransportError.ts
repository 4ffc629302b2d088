import { codeGuard, DcrError } from './DcrError.ts';

/** Why no HTTP response was obtained. */
export type TransportErrorReason = 'network' | 'timeout' | 'abort';

/**
 * No HTTP response arrived: the network failed, the request timed out, or the caller aborted it. The request may or
 * may not have reached the server. Retryable unless the caller aborted.
 *
 * @example
 * ```ts
 * import { TransportError } from '@dcrflow/protocol';
 * if (TransportError.is(error) && error.reason === 'timeout') console.warn('DCR server is slow');
 * ```
 */
export class TransportError extends DcrError {
  override name = 'TransportError';
  override readonly code = 'transport' as const;
  declare readonly reason: TransportErrorReason;
  /** `'register'`, `'token'`, or another label of the request that failed. */
  declare readonly endpoint: string;

  constructor(
    message: string,
    details: { reason: TransportErrorReason; endpoint: string },
    options?: { cause?: unknown },
  ) {
    super(message, options, { reason: details.reason, endpoint: details.endpoint });
  }

  /**
   * True for a TransportError from any realm.
   *
   * @example
   * ```ts
   * if (TransportError.is(error) && error.reason !== 'abort') scheduleRetry();
   * ```
   */
  static override is = /* @__PURE__ */ codeGuard<TransportError>('transport');
}
