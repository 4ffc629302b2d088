import type { DcrError, DcrErrorCode } from './DcrError.ts';

/**
 * What a failed request calls for — the one failure policy of dcrflow (`isRetryable` and the lifecycle machine both
 * read it): retry with backoff (`transient`, `throttled`), stop retrying blindly (`blocked`: a retry sends the same
 * request and fails the same way until the configuration changes), or leave the state (`credentials`: register again;
 * `revoked`: the software statement is rejected).
 *
 * @example
 * ```ts
 * const failure: FailureKind = 'credentials'; // the token endpoint answered invalid_client
 * ```
 */
export type FailureKind = 'transient' | 'throttled' | 'blocked' | 'credentials' | 'revoked';

/**
 * The policy's verdict on one error: its {@link FailureKind} and the stable code it is recorded under
 * (`credentials_lost` for an `invalid_client`, `configuration` for a request the server will never accept, …).
 *
 * @example
 * ```ts
 * const verdict: FailureVerdict = { kind: 'throttled', code: 'throttled' };
 * ```
 */
export interface FailureVerdict {
  readonly kind: FailureKind;
  readonly code: Exclude<DcrErrorCode, 'stopped'> | 'credentials_lost' | 'unexpected';
}

/** Registration: the statement is revoked (`unapproved`) or invalid (RFC 7591 §3.2.2; dcr-protocol.md §3, §5). */
const STATEMENT_REJECTIONS = new Set(['unapproved_software_statement', 'invalid_software_statement']);
/** Requests that will fail the same way until the configuration changes (RFC 6749 §5.2; RFC 7591 §3.2.2). */
const CONFIGURATION_REJECTIONS = new Set(['invalid_request', 'unsupported_grant_type', 'invalid_redirect_uri']);

function statusOf(error: DcrError): number {
  const status = (error as { status?: unknown }).status;
  return typeof status === 'number' ? status : 0;
}

const isSuccess = (status: number) => status >= 200 && status <= 299;

/**
 * The failure policy (dcr-protocol.md §5 "Suggested client policy"):
 * - 5xx → `transient`, 429 → `throttled`, whatever the error body says;
 * - `invalid_client` on the token endpoint → `credentials` (register again; Adobe DCR API reference);
 * - `unapproved_software_statement` / `invalid_software_statement` / `unauthorized_client` → `revoked`;
 * - `invalid_request` / `unsupported_grant_type` / `invalid_redirect_uri`, configuration errors, and any other 3xx or 4xx
 *   answer (with an error body, without one, or with one of unknown shape) → `blocked`;
 * - 429 → `throttled` (≥ 1 s, `Retry-After` honoured — Adobe throttling page);
 * - network failures, timeouts, 5xx, and a 2xx whose body does not fit (a glitch between the server and us: the
 *   only way forward is to ask again) → `transient`.
 *
 * @example
 * ```ts
 * import { DcrError, failurePolicy } from '@dcrflow/protocol';
 * if (DcrError.is(error) && failurePolicy(error).kind === 'credentials') await registerAgain();
 * ```
 */
export function failurePolicy(error: DcrError): FailureVerdict {
  const status = statusOf(error);
  switch (error.code) {
    case 'throttled':
      return { kind: 'throttled', code: 'throttled' };
    case 'transport':
      return { kind: 'transient', code: 'transport' };
    case 'server':
      return { kind: status >= 500 ? 'transient' : 'blocked', code: 'server' };
    case 'contract':
      return { kind: status >= 500 || isSuccess(status) ? 'transient' : 'blocked', code: 'contract' };
    case 'protocol': {
      const oauthError = (error as { error?: unknown }).error;
      const code = typeof oauthError === 'string' ? oauthError : '';
      // The status first: a 5xx or 429 is the server's state whatever its body says, and acting on an error code
      // there (re-registering on `invalid_client`) would cost the user a re-authentication for a passing failure.
      if (status >= 500) return { kind: 'transient', code: 'server' };
      if (status === 429) return { kind: 'throttled', code: 'throttled' };
      if (code === 'invalid_client') return { kind: 'credentials', code: 'credentials_lost' };
      if (STATEMENT_REJECTIONS.has(code) || code === 'unauthorized_client') return { kind: 'revoked', code: 'revoked' };
      if (CONFIGURATION_REJECTIONS.has(code)) return { kind: 'blocked', code: 'configuration' };
      return { kind: 'blocked', code: 'protocol' };
    }
    case 'configuration':
      return { kind: 'blocked', code: 'configuration' };
    case 'revoked':
      return { kind: 'revoked', code: 'revoked' };
    default:
      return { kind: 'transient', code: 'unexpected' };
  }
}
