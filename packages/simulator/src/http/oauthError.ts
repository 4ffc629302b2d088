import { jsonResponse } from './jsonResponse.ts';

/**
 * An OAuth error answer `{ error, error_description }` (RFC 6749 §5.2, RFC 7591 §3.2.2). Adobe documents only
 * `error`; the description is extra help a conforming client must accept. `no-store` as RFC 6749 §5.1 asks.
 */
export function oauthError(
  status: number,
  error: string,
  description: string,
  headers?: Record<string, string>,
): Response {
  return jsonResponse(
    status,
    { error, error_description: description },
    { 'cache-control': 'no-store', pragma: 'no-cache', ...headers },
  );
}
