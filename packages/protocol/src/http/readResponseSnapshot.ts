/**
 * The parts of an HTTP response the processors look at, read once so processing is pure and synchronous.
 *
 * @example
 * ```ts
 * const snapshot: ResponseSnapshot = { status: 429, contentType: 'text/html', retryAfter: null, body: '', bodyTooLarge: false };
 * ```
 */
export interface ResponseSnapshot {
  readonly status: number;
  readonly contentType: string | null;
  readonly retryAfter: string | null;
  /** The body decoded as UTF-8 (JSON's only encoding, RFC 8259 §8.1), BOM removed. */
  readonly body: string;
  /** True when the body exceeded `MAX_BODY_BYTES` and was cut off. */
  readonly bodyTooLarge: boolean;
}

/** DCR bodies are a few hundred bytes; anything this large is not one, and must not exhaust memory. */
export const MAX_BODY_BYTES = 1_048_576;

/** Reads at most `limit` bytes of a body as UTF-8 text, cancelling the rest. */
export async function readBodyText(
  response: Response,
  limit: number = MAX_BODY_BYTES,
): Promise<{ text: string; tooLarge: boolean }> {
  if (response.body === null) return { text: '', tooLarge: false };
  const reader = response.body.getReader();
  const decoder = new TextDecoder('utf-8');
  let text = '';
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > limit) {
      // Not awaited: cancelling one branch of a tee'd (cloned) body only settles once the other branch is
      // cancelled too, which may be never.
      reader.cancel().catch(() => undefined);
      return { text: text + decoder.decode(), tooLarge: true };
    }
    text += decoder.decode(value, { stream: true });
  }
  return { text: text + decoder.decode(), tooLarge: false };
}

/**
 * Reads what the response processors look at — status, `Content-Type`, `Retry-After` and the body (at most
 * `MAX_BODY_BYTES`, as UTF-8) — once, so processing is pure and synchronous.
 *
 * @example
 * ```ts
 * const snapshot = await readResponseSnapshot(await fetch(request.url, { method: 'POST', body: request.body }));
 * snapshot.status; // 201
 * ```
 */
export async function readResponseSnapshot(response: Response): Promise<ResponseSnapshot> {
  const { text, tooLarge } = await readBodyText(response);
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    retryAfter: response.headers.get('retry-after'),
    body: text,
    bodyTooLarge: tooLarge,
  };
}
