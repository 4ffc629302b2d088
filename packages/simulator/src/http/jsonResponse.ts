/** The media type of every JSON answer (Adobe's DCR pages: `Content-Type: application/json`). */
export const JSON_CONTENT_TYPE = 'application/json;charset=utf-8';

/** A JSON response with the given status and extra headers. */
export function jsonResponse(status: number, body: unknown, headers?: Record<string, string>): Response {
  const responseHeaders = new Headers(headers);
  responseHeaders.set('content-type', JSON_CONTENT_TYPE);
  return new Response(JSON.stringify(body), { status, headers: responseHeaders });
}

/** An empty 204 answer. */
export function noContent(headers?: Record<string, string>): Response {
  return new Response(null, { status: 204, headers: new Headers(headers) });
}
