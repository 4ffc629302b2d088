import { DcrError } from './DcrError.ts';

function statusOf(error: DcrError): number {
  const status = (error as { status?: unknown }).status;
  return typeof status === 'number' ? status : 0;
}

/**
 * Whether trying the same request again later can succeed: transport failures (except a caller's abort), 429,
 * 5xx answers (with or without an error body) and contract failures on 5xx. Everything else needs a different
 * request, new credentials or a code change. Source: dcr-protocol.md §5 "Suggested client policy".
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
  switch (error.code) {
    case 'transport':
      return (error as { reason?: unknown }).reason !== 'abort';
    case 'throttled':
      return true;
    case 'server':
    case 'contract':
    case 'protocol':
      return statusOf(error) >= 500 && statusOf(error) <= 599;
    default:
      return false;
  }
}
