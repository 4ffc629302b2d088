/**
 * Largest accepted request body. Every DCR message is far smaller; the cap makes hostile bodies cheap to refuse.
 */
export const BODY_LIMIT_BYTES = 64 * 1024;

/** The outcome of reading a request body under the size cap. */
export type BodyResult =
  | { ok: true; bytes: Uint8Array }
  | { ok: false; reason: 'too-large' }
  | { ok: false; reason: 'unreadable' };

/**
 * Whether the request announces a body over the cap. Checked before reading so a huge upload is refused without
 * being read; the streamed size is still counted by {@link readBody} because `Content-Length` may be absent
 * (chunked) or wrong.
 */
export function declaresTooLargeBody(headers: Headers, limit = BODY_LIMIT_BYTES): boolean {
  const value = headers.get('content-length');
  if (value === null) return false;
  const length = Number(value.trim());
  return Number.isFinite(length) && length > limit;
}

/**
 * Reads the whole body, stopping (and cancelling the stream) as soon as it exceeds `limit` bytes.
 */
export async function readBody(request: Request, limit = BODY_LIMIT_BYTES): Promise<BodyResult> {
  if (declaresTooLargeBody(request.headers, limit)) return { ok: false, reason: 'too-large' };
  const body = request.body;
  if (body === null) return { ok: true, bytes: new Uint8Array(0) };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) {
        await reader.cancel().catch(() => undefined);
        return { ok: false, reason: 'too-large' };
      }
      chunks.push(value);
    }
  } catch {
    // The peer went away mid-body (or the stream errored): nothing sensible can be parsed.
    return { ok: false, reason: 'unreadable' };
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { ok: true, bytes };
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes UTF-8, refusing invalid sequences (RFC 8259 §8.1: JSON exchanged between systems MUST be UTF-8) instead
 * of silently replacing them with U+FFFD. Returns `undefined` on invalid input.
 */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}
