import { createHash } from 'node:crypto';

/** A compact JWS: three base64url segments (RFC 7515 §7.1); software statements are JWTs (RFC 7591 §2.3). */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * True when `statement` has the shape of a compact JWT. Checked locally so an obviously broken statement fails fast
 * with a configuration error instead of a round trip that ends in `invalid_software_statement`.
 *
 * @example
 * ```ts
 * looksLikeJwt('eyJhbGciOiJSUzI1NiJ9.eyJzb2Z0d2FyZV9pZCI6ImEifQ.c2ln'); // true
 * looksLikeJwt('hello'); // false
 * ```
 */
export function looksLikeJwt(statement: string): boolean {
  return COMPACT_JWS.test(statement);
}

/**
 * The `software_id` claim of a software statement (read, not verified: the server verifies it), or a stable hash of
 * the statement when it has none. Names the cache file and is shown by `status`; it is an identifier, not a secret.
 *
 * @example
 * ```ts
 * softwareIdOf(statement); // e.g. '7b0f3b5e-…' from the JWT payload
 * ```
 */
export function softwareIdOf(statement: string): string {
  const payload = statement.split('.')[1];
  if (payload !== undefined) {
    try {
      const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      const id = (claims as { software_id?: unknown } | null)?.software_id;
      if (typeof id === 'string' && id !== '') return id;
    } catch {
      // Not a readable JWT payload: fall back to the hash below.
    }
  }
  return `statement-${createHash('sha256').update(statement).digest('hex').slice(0, 16)}`;
}
