/**
 * Object keys whose values are secrets by name: every string under such a key (at any depth below it, except harmless
 * metadata such as `tokenType` or `expiresAt`) is replaced by a `redact()` fingerprint in context, event and meta
 * payloads. A key matches when it **ends** with a secret noun, in any casing and separator style: client_secret,
 * accessToken, refresh_tokens, software_statement, Authorization, password, apiKey, x-api-key, credential(s), cookie,
 * private_key. Keys that merely start with one (`tokenType`, `tokenCount`, `secretVersion`) describe a secret without
 * holding it and stay readable (wire contract, docs/inspector.md).
 *
 * @example
 * ```ts
 * import { createInspectorBridge, DEFAULT_SECRET_KEYS, memoryTransport } from '@dcrflow/inspect';
 * // Keep the defaults and add `pin` fields:
 * const keys = new RegExp(`${DEFAULT_SECRET_KEYS.source}|pin`, 'i');
 * const bridge = createInspectorBridge({ transport: memoryTransport(), redact: { keys } });
 * ```
 */
export const DEFAULT_SECRET_KEYS: RegExp =
  /(?:secret|token|statement|authorization|password|passwd|passphrase|credential|cookie|api[-_]?key|(?:access|private|secret|signing|session)[-_]?key)s?$/i;
