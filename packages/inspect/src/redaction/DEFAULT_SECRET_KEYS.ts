/**
 * Object keys whose values are secrets by name: every string under such a key (at any depth below it) is replaced by
 * a `redact()` fingerprint in context, event and meta payloads. Matches client_secret, access_token,
 * software_statement, Authorization and password fields in any casing (wire contract, docs/inspector.md).
 *
 * @example
 * ```ts
 * import { createInspectorBridge, DEFAULT_SECRET_KEYS, memoryTransport } from '@dcrflow/inspect';
 * // Keep the defaults and add `pin` fields:
 * const keys = new RegExp(`${DEFAULT_SECRET_KEYS.source}|pin`, 'i');
 * const bridge = createInspectorBridge({ transport: memoryTransport(), redact: { keys } });
 * ```
 */
export const DEFAULT_SECRET_KEYS: RegExp = /secret|token|statement|authorization|password/i;
