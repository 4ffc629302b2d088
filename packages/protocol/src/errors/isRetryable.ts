import { DcrError } from './DcrError.ts';
import { failurePolicy } from './failurePolicy.ts';

/**
 * Whether trying the same request again later can succeed, by the one failure policy ({@link failurePolicy}: the
 * lifecycle machine retries exactly these): transport failures (except a caller's abort: nothing failed), 429, 5xx
 * answers, and a 2xx whose body did not fit. Everything else needs a different request, new credentials or a code
 * change. Source: dcr-protocol.md §5 "Suggested client policy".
 *
 * @example
 * ```ts
 * import { isRetryable } from '@dcrflow/protocol';
 * try {
 *   await http.requestToken(credentials);
 * } catch (error) {
 *   if (!isRetryable(error)) throw error;
 *   await backoff();
 * }
 * ```
 */
export function isRetryable(error: unknown): boolean {
  if (!DcrError.is(error)) return false;
  if (error.code === 'transport' && (error as { reason?: unknown }).reason === 'abort') return false;
  if (error.code === 'stopped') return false;
  const { kind } = failurePolicy(error);
  return kind === 'transient' || kind === 'throttled';
}
