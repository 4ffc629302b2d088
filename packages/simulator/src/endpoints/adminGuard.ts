import { isMediaType } from '../http/isMediaType.ts';
import { oauthError } from '../http/oauthError.ts';

/** `localhost` (and `*.localhost`, RFC 6761 §6.3), 127.0.0.0/8 and `[::1]`, with any port. */
const LOOPBACK_HOST = /^(?:localhost|[a-z0-9-]+\.localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d{1,5})?$/i;

function isLoopbackOrigin(origin: string): boolean {
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_HOST.test(url.host);
  } catch {
    return false;
  }
}

/**
 * Why an admin request is refused, or `undefined` to let it through. The admin API resets, revokes and injects
 * faults with no credentials, so it must not be reachable from a web page the developer happens to visit:
 *
 * - **Origin**: browsers send `Origin` on every cross-origin request (and on every POST/DELETE); a page from any
 *   non-loopback origin is refused, so a cross-site `fetch(…, { mode: 'no-cors', body: 'text/plain' })` or a form post
 *   does nothing. `Sec-Fetch-Site: cross-site` is refused too.
 * - **Host**: must name a loopback host, which defeats DNS rebinding (`evil.example` resolving to 127.0.0.1 still
 *   sends `Host: evil.example`). The admin API is therefore loopback-only even when the simulator binds another
 *   interface: use the programmatic API or an SSH tunnel there.
 * - **Content type**: a request with a body must be `application/json` — the only type a cross-site page cannot send
 *   without a CORS preflight, which the admin paths never grant. Body-less POST/DELETE (`curl -X POST …/reset`) stay
 *   allowed.
 *
 * @example
 * ```ts
 * const refusal = adminRefusal(request);
 * if (refusal !== undefined) return refusal;
 * ```
 */
export function adminRefusal(request: Request): Response | undefined {
  const headers = request.headers;
  // The Node host builds the URL from the Host header; a fetch handler called directly has no other.
  const host = headers.get('host') ?? new URL(request.url).host;
  if (!LOOPBACK_HOST.test(host)) {
    return oauthError(403, 'access_denied', 'The admin API answers only requests addressed to a loopback host.');
  }
  const origin = headers.get('origin');
  if ((origin !== null && !isLoopbackOrigin(origin)) || headers.get('sec-fetch-site') === 'cross-site') {
    return oauthError(403, 'access_denied', 'The admin API refuses requests from web pages of other origins.');
  }
  if (request.method === 'POST' || request.method === 'DELETE' || request.method === 'PUT') {
    const contentType = headers.get('content-type');
    const hasBody =
      contentType !== null || (headers.get('content-length') ?? '0') !== '0' || headers.has('transfer-encoding');
    if (hasBody && !isMediaType(contentType, 'application/json')) {
      return oauthError(415, 'invalid_request', 'Admin requests with a body must be sent as application/json.');
    }
  }
  return undefined;
}
