import { redact } from './redact.ts';

const encoder = new TextEncoder();
/** Transformed forms shorter than this are not looked for: they would hit ordinary words. */
const MIN_TRANSFORMED_LENGTH = 8;

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * The part of the base64 encoding of `bytes` that is the same wherever the bytes sit in a longer encoded text, for
 * each of the three byte alignments: a server that base64-encodes `client_id:client_secret` (a Basic credential)
 * echoes the secret at offset 1 or 2 as often as at 0. Offset k prefixes k bytes; the characters that mix prefix or
 * padding bits are cut off (RFC 4648 §4: 3 bytes ↔ 4 characters).
 */
function base64Fragments(bytes: Uint8Array): string[] {
  const fragments: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const shifted = new Uint8Array(offset + bytes.length);
    shifted.set(bytes, offset);
    const encoded = base64(shifted);
    const start = Math.ceil((offset * 8) / 6);
    const end = Math.floor(((offset + bytes.length) * 8) / 6);
    fragments.push(encoded.slice(start, end));
  }
  return fragments;
}

/**
 * The forms in which a secret can come back inside server text: as sent, percent-encoded, form-encoded, hex, base64
 * and base64url (at any alignment, so also inside an encoded Basic credential). `scrubSecrets` matches each of them in
 * any letter case, which covers an upper- or lower-cased echo too. Longest first, so a form that contains another is
 * replaced whole.
 */
export function secretVariants(secrets: readonly string[]): string[] {
  const variants = new Set<string>();
  const addTransformed = (form: string) => {
    if (form.length >= MIN_TRANSFORMED_LENGTH) variants.add(form);
  };
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret === '') continue;
    variants.add(secret);
    variants.add(encodeURIComponent(secret));
    variants.add(new URLSearchParams([['', secret]]).toString().slice(1));
    const bytes = encoder.encode(secret);
    const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
    addTransformed(hex);
    addTransformed(hex.toUpperCase());
    for (const fragment of base64Fragments(bytes)) {
      addTransformed(fragment);
      addTransformed(fragment.replace(/\+/g, '-').replace(/\//g, '_'));
    }
  }
  return [...variants].sort((a, b) => b.length - a.length);
}

/**
 * Replaces every occurrence of a secret (see `secretVariants`) with its fingerprint, strips control characters and
 * caps the length: the result is safe to put in a message, a log line or `toJSON()`.
 */
export function scrubSecrets(text: string, secrets: readonly string[], maxLength = 500): string {
  let result = text;
  for (const variant of secretVariants(secrets)) {
    // Any letter case: a server that upper-cases an error code (`INVALID_CLIENT_<SECRET>`) echoes the secret too.
    const pattern = new RegExp(variant.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi');
    result = result.replace(pattern, () => redact(variant));
  }
  // Control characters would let a hostile server forge extra log lines.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point here.
  result = result.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
  return result.length > maxLength ? `${result.slice(0, maxLength - 1)}…` : result;
}
