const encoder = new TextEncoder();

/**
 * A short, non-reversible fingerprint of a secret, for the places where a secret would otherwise be shown: two equal
 * secrets give the same fingerprint, so logs can still tell "same client secret as before" from "a new one".
 * FNV-1a (32-bit) over the UTF-8 bytes, folded to 16 bits: far too few bits to recover or confirm a real secret.
 *
 * @example
 * ```ts
 * import { redact } from '@dcrflow/protocol';
 * redact('s3cr3t'); // '‹redacted:1a2b›' (4 hex digits)
 * ```
 */
export function redact(value: string): string {
  let hash = 0x811c9dc5;
  for (const byte of encoder.encode(String(value))) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  const folded = ((hash >>> 16) ^ (hash & 0xffff)) >>> 0;
  return `‹redacted:${folded.toString(16).padStart(4, '0')}›`;
}
