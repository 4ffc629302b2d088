import { decodeUtf8, readBody } from '../http/readBody.ts';

/** The outcome of reading a JSON object body. */
export type JsonObjectResult =
  | { ok: true; value: Record<string, unknown> | undefined }
  | { ok: false; status: 400 | 413; message: string };

/**
 * Reads a body that must be a UTF-8 JSON object (RFC 8259 §8.1). An empty body gives `value: undefined` so callers
 * decide whether a body is required. Never throws: deep nesting and garbage end as a 400 (`JSON.parse` in V8 does
 * not recurse on the native stack, and the 64 KiB cap bounds the work).
 */
export async function readJsonObject(request: Request): Promise<JsonObjectResult> {
  const body = await readBody(request);
  if (!body.ok) {
    return body.reason === 'too-large'
      ? { ok: false, status: 413, message: 'The request body is larger than 64 KiB.' }
      : { ok: false, status: 400, message: 'The request body could not be read.' };
  }
  if (body.bytes.byteLength === 0) return { ok: true, value: undefined };
  const text = decodeUtf8(body.bytes);
  if (text === undefined) return { ok: false, status: 400, message: 'The request body is not valid UTF-8.' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, status: 400, message: 'The request body is not valid JSON.' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, status: 400, message: 'The request body must be a JSON object.' };
  }
  return { ok: true, value: value as Record<string, unknown> };
}
