/**
 * Keys that describe a secret without holding it (`tokenType`, `expiresAt`, `fingerprint`, `count`): below a secret
 * key such as `token`, their values are shown as they are (still passed through the in-text rules that catch JWTs and
 * Authorization credentials anywhere). Everything else below a secret key stays hidden. Without this the inspector
 * showed a token's `tokenType: "bearer"` as a fingerprint.
 *
 * @example
 * ```ts
 * import { HARMLESS_METADATA_KEYS } from '@dcrflow/inspect';
 * HARMLESS_METADATA_KEYS.test('tokenType'); // true
 * HARMLESS_METADATA_KEYS.test('value'); // false
 * ```
 */
export const HARMLESS_METADATA_KEYS: RegExp =
  /(?:^|[-_a-z])(?:type|count|length|size|kind|scheme|fingerprint|version|expires(?:[-_]?(?:in|at))?|(?:obtained|refresh|issued|created|updated)[-_]?at)$/i;
