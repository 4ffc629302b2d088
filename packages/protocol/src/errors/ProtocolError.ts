import { codeGuard, DcrError } from './DcrError.ts';

/**
 * The server answered with an error body it meant: an OAuth error `{ "error": "invalid_client" }` (RFC 6749 §5.2,
 * RFC 7591 §3.2.2) or an Adobe enhanced error `{ "code": ..., "action": ... }`. `error` holds the server's code, which
 * decides what to do next (re-register on `invalid_client`, give up on `unapproved_software_statement`, ...).
 *
 * @example
 * ```ts
 * import { ProtocolError } from '@dcrflow/protocol';
 * if (ProtocolError.is(error) && error.error === 'invalid_client') await reRegister();
 * ```
 */
export class ProtocolError extends DcrError {
  override name = 'ProtocolError';
  override readonly code = 'protocol' as const;
  declare readonly status: number;
  /** The OAuth `error` code or the enhanced-error `code`. */
  declare readonly error: string;
  /** `error_description` or the enhanced-error `message`, with any secret of the request redacted. */
  declare readonly description: string | undefined;
  /** Enhanced-error `action` (`application-registration`, `retry`, ...), if any. */
  declare readonly action: string | undefined;
  declare readonly retryAfterSeconds: number | undefined;
  declare readonly endpoint: string;

  constructor(
    message: string,
    details: {
      status: number;
      error: string;
      description: string | undefined;
      action: string | undefined;
      retryAfterSeconds: number | undefined;
      endpoint: string;
    },
    options?: { cause?: unknown },
  ) {
    super(message, options, {
      status: details.status,
      error: details.error,
      description: details.description,
      action: details.action,
      retryAfterSeconds: details.retryAfterSeconds,
      endpoint: details.endpoint,
    });
  }

  /**
   * True for a ProtocolError from any realm.
   *
   * @example
   * ```ts
   * if (ProtocolError.is(error) && error.status === 401) await refreshToken();
   * ```
   */
  static override is = /* @__PURE__ */ codeGuard<ProtocolError>('protocol');
}
