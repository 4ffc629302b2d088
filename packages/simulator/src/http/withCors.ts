/**
 * Headers browsers may send cross-origin to the DCR and REST v2 endpoints: the DCR request headers (Adobe's
 * "Retrieve client credentials" / "Retrieve access token" pages), the REST v2 ones and `X-Forwarded-For`.
 */
const ALLOWED_HEADERS = 'Content-Type, Accept, X-Device-Info, Authorization, X-Forwarded-For, AP-Device-Identifier';

/** Whether a path gets CORS headers: the DCR (`/o/…`) and REST (`/api/…`) surfaces a browser app calls. */
export function isCorsPath(path: string): boolean {
  return path.startsWith('/o/') || path.startsWith('/api/');
}

/** Adds permissive CORS headers (any origin) to a response, copying it when its headers are immutable. */
export function withCors(response: Response): Response {
  const headers = new Headers(response.headers);
  headers.set('access-control-allow-origin', '*');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/** The answer to a CORS preflight (`OPTIONS`): 204 allowing the methods and headers the endpoints use. */
export function preflightResponse(): Response {
  return withCors(
    new Response(null, {
      status: 204,
      headers: {
        'access-control-allow-methods': 'GET, POST, OPTIONS',
        'access-control-allow-headers': ALLOWED_HEADERS,
        'access-control-max-age': '600',
      },
    }),
  );
}
