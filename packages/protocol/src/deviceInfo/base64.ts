// Standard Base64 (RFC 4648 §4) of UTF-8 text with only Web APIs (TextEncoder, btoa, atob), so the same code runs in
// browsers, workers and Node without Node's own byte buffers. btoa/atob work on "binary strings" (one char per byte), hence the
// byte ↔ char steps around them.

const CHUNK = 0x8000;

/** UTF-8 bytes of `text`, Base64-encoded with padding. */
export function encodeBase64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let offset = 0; offset < bytes.length; offset += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(offset, offset + CHUNK));
  }
  return btoa(binary);
}

/** Why a Base64 value could not be turned into text. */
export type Base64DecodeFailure = 'base64' | 'utf8';

/**
 * Decodes standard Base64 (padding optional, no URL-safe alphabet, no inner whitespace) to UTF-8 text.
 * Returns the failure kind instead of throwing so callers choose their own error.
 */
export function decodeBase64Utf8(
  value: string,
): { ok: true; text: string } | { ok: false; failure: Base64DecodeFailure } {
  const trimmed = value.trim();
  if (trimmed === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) return { ok: false, failure: 'base64' };
  const unpadded = trimmed.replace(/=+$/, '');
  const padded = trimmed.length !== unpadded.length;
  if (unpadded.length % 4 === 1 || (padded && trimmed.length % 4 !== 0)) return { ok: false, failure: 'base64' };
  let binary: string;
  try {
    binary = atob(unpadded + '='.repeat((4 - (unpadded.length % 4)) % 4));
  } catch {
    return { ok: false, failure: 'base64' };
  }
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, failure: 'utf8' };
  }
}
