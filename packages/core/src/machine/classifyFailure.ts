import { DcrError, redact } from '@dcrflow/protocol';
import { StoreError } from '../errors/StoreError.ts';
import type { ErrorCode, ErrorInfo, FailureKind } from './types.ts';

/** What the machine needs to know about a failed request. */
export interface ClassifiedFailure {
  readonly error: ErrorInfo;
  readonly failure: FailureKind;
  readonly retryAfterMs: number | null;
}

/** Registration: the statement is revoked (`unapproved`) or invalid (RFC 7591 §3.2.2; dcr-protocol.md §3, §5). */
const STATEMENT_REJECTIONS = new Set(['unapproved_software_statement', 'invalid_software_statement']);
/** Requests that will fail the same way until the configuration changes (RFC 6749 §5.2; RFC 7591 §3.2.2). */
const CONFIGURATION_REJECTIONS = new Set(['invalid_request', 'unsupported_grant_type', 'invalid_redirect_uri']);

/** Replaces known secrets in a message with their fingerprints and caps its length. */
export function scrubMessage(message: string, secrets: readonly string[]): string {
  let result = message;
  for (const secret of secrets) {
    if (secret.length > 0) result = result.split(secret).join(redact(secret));
  }
  return result.length > 500 ? `${result.slice(0, 499)}…` : result;
}

function retryAfterOf(error: DcrError): number | null {
  const seconds = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
  return typeof seconds === 'number' && Number.isFinite(seconds) ? seconds * 1000 : null;
}

function statusOf(error: DcrError): number {
  const status = (error as { status?: unknown }).status;
  return typeof status === 'number' ? status : 0;
}

/**
 * Maps an error from the protocol layer, the store or the statement source to the machine's reaction
 * (dcr-protocol.md §5 "Suggested client policy"):
 * - `invalid_client` on the token endpoint → `credentials` (re-register; Adobe DCR API reference);
 * - `unapproved_software_statement` / `invalid_software_statement` / `unauthorized_client` → `revoked`;
 * - `invalid_request` / `unsupported_grant_type` / `invalid_redirect_uri`, configuration errors, other 4xx error
 *   bodies → `blocked` (never retried blindly: waiters are rejected, retries run at the backoff cap);
 * - 429 → `throttled` (≥ 1 s, `Retry-After` honoured — Adobe throttling page);
 * - network failures, timeouts, 5xx, malformed bodies, store failures → `transient` (exponential backoff; stored
 *   credentials and a still-valid token are kept).
 */
export function classifyFailure(cause: unknown, secrets: readonly string[]): ClassifiedFailure {
  const info = (code: ErrorCode, message: string): ErrorInfo => ({ code, message: scrubMessage(message, secrets) });
  if (StoreError.is(cause)) return { error: info('store', cause.message), failure: 'transient', retryAfterMs: null };
  if (!DcrError.is(cause)) {
    const name = cause instanceof Error ? cause.name : typeof cause;
    const detail = cause instanceof Error && cause.message ? `: ${cause.message}` : '';
    return {
      error: info('unexpected', `An unexpected ${name} occurred${detail}`),
      failure: 'transient',
      retryAfterMs: null,
    };
  }
  const retryAfterMs = retryAfterOf(cause);
  switch (cause.code) {
    case 'throttled':
      return { error: info('throttled', cause.message), failure: 'throttled', retryAfterMs };
    case 'transport':
      return { error: info('transport', cause.message), failure: 'transient', retryAfterMs: null };
    case 'server':
      return { error: info('server', cause.message), failure: 'transient', retryAfterMs };
    case 'contract':
      return { error: info('contract', cause.message), failure: 'transient', retryAfterMs: null };
    case 'protocol': {
      const oauthError = (cause as { error?: unknown }).error;
      const code = typeof oauthError === 'string' ? oauthError : '';
      if (code === 'invalid_client') {
        return { error: info('credentials_lost', cause.message), failure: 'credentials', retryAfterMs: null };
      }
      if (STATEMENT_REJECTIONS.has(code) || code === 'unauthorized_client') {
        return { error: info('revoked', cause.message), failure: 'revoked', retryAfterMs: null };
      }
      if (CONFIGURATION_REJECTIONS.has(code)) {
        return { error: info('configuration', cause.message), failure: 'blocked', retryAfterMs: null };
      }
      if (statusOf(cause) >= 500) return { error: info('server', cause.message), failure: 'transient', retryAfterMs };
      if (statusOf(cause) === 429)
        return { error: info('throttled', cause.message), failure: 'throttled', retryAfterMs };
      return { error: info('protocol', cause.message), failure: 'blocked', retryAfterMs: null };
    }
    case 'configuration':
      return { error: info('configuration', cause.message), failure: 'blocked', retryAfterMs: null };
    case 'revoked':
      return { error: info('revoked', cause.message), failure: 'revoked', retryAfterMs: null };
    case 'credentials_lost':
      return { error: info('credentials_lost', cause.message), failure: 'credentials', retryAfterMs: null };
    default:
      return { error: info('unexpected', cause.message), failure: 'transient', retryAfterMs: null };
  }
}
