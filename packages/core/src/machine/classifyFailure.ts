import { DcrError, failurePolicy, scrubSecrets } from '@dcrflow/protocol';
import { StoreError } from '../errors/StoreError.ts';
import type { ErrorCode, ErrorInfo, FailureKind } from './types.ts';

/** What the machine needs to know about a failed request. */
export interface ClassifiedFailure {
  readonly error: ErrorInfo;
  readonly failure: FailureKind;
  readonly retryAfterMs: number | null;
}

function retryAfterOf(error: DcrError): number | null {
  const seconds = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
  return typeof seconds === 'number' && Number.isFinite(seconds) ? seconds * 1000 : null;
}

/**
 * Maps an error from the protocol layer, the store or the statement source to the machine's reaction: dcrflow errors
 * by protocol's `failurePolicy` (the policy `isRetryable` reads too); store failures and anything unexpected →
 * `transient` (exponential backoff; stored credentials and a still-valid token are kept). `blocked` failures are
 * never retried blindly: waiters are rejected and retries run at the backoff cap.
 */
export function classifyFailure(cause: unknown, secrets: readonly string[]): ClassifiedFailure {
  const info = (code: ErrorCode, message: string): ErrorInfo => ({ code, message: scrubSecrets(message, secrets) });
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
  const verdict = failurePolicy(cause);
  // Only a wait the server asked for (429, 5xx) is honoured; other answers carry none.
  const retryAfterMs = verdict.kind === 'throttled' || verdict.code === 'server' ? retryAfterOf(cause) : null;
  return { error: info(verdict.code, cause.message), failure: verdict.kind, retryAfterMs };
}
