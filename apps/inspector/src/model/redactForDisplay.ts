import { DEFAULT_SECRET_KEYS, HARMLESS_METADATA_KEYS } from '@dcrflow/inspect';
import { redact } from '@dcrflow/protocol';
import type { WireEvent } from '../wire/wireTypes.ts';

/**
 * Keys whose string values are secrets: the producer's own rule (keys *ending* in a secret noun), so `tokenType:
 * "bearer"` and `tokenCount: "7"` are shown while `accessToken`, `apiKey` and `credential` are hidden.
 */
export const SECRET_KEY: RegExp = DEFAULT_SECRET_KEYS;
/**
 * A compact JWS anywhere in a string (software statements and Adobe access tokens are JWTs; a JOSE header is JSON,
 * so its base64url form starts with `eyJ`).
 */
const JWT = /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g;
const FINGERPRINT = /^‹redacted:[0-9a-f]{4}›$/;
const MAX_DEPTH = 12;

/** Options of {@link redactForDisplay}. */
export interface DisplayRedactionOptions {
  /** Exact secret values to hide wherever they appear (whole strings or inside longer ones). */
  readonly secrets?: readonly string[];
}

function redactString(value: string, secrets: readonly string[]): string {
  if (FINGERPRINT.test(value)) return value;
  let result = value.replace(JWT, (jwt) => redact(jwt));
  for (const secret of secrets) {
    if (secret.length >= 4 && result.includes(secret)) result = result.split(secret).join(redact(secret));
  }
  return result;
}

/**
 * Defence in depth for everything the views render: producers redact already (inspect-wire.md), but a recording
 * may come from a careless tool. Returns a copy where strings under secret-looking keys, JWTs inside any string and
 * configured secret values are replaced by `‹redacted:xxxx›` fingerprints (`redact` from @dcrflow/protocol).
 * Fingerprints pass through unchanged, so a producer's redaction and this one agree.
 *
 * @example
 * ```ts
 * redactForDisplay({ client_secret: 's3cr3t', clientId: 'abc' }); // { client_secret: '‹redacted:…›', clientId: 'abc' }
 * ```
 */
export function redactForDisplay(value: unknown, options: DisplayRedactionOptions = {}): unknown {
  const secrets = options.secrets ?? [];
  const seen = new WeakSet<object>();
  const walk = (item: unknown, secretKey: boolean, depth: number): unknown => {
    if (typeof item === 'string')
      return secretKey && !FINGERPRINT.test(item) ? redact(item) : redactString(item, secrets);
    if (typeof item !== 'object' || item === null) return item;
    if (depth > MAX_DEPTH) return '…';
    if (seen.has(item)) return '[circular]';
    seen.add(item);
    if (Array.isArray(item)) return item.map((child) => walk(child, secretKey, depth + 1));
    const result: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(item)) {
      // Below a secret key everything is hidden except metadata that describes the secret (`tokenType`, `expiresAt`).
      const hidden = SECRET_KEY.test(key) || (secretKey && !HARMLESS_METADATA_KEYS.test(key));
      result[key] = walk(child, hidden, depth + 1);
    }
    return result;
  };
  return walk(value, false, 0);
}

/**
 * A redacted one-line JSON preview, cut at `maxLength` characters.
 *
 * @example
 * ```ts
 * previewJson({ type: 'TOKEN.SUCCEEDED', at: 1 }, 40); // '{"type":"TOKEN.SUCCEEDED","at":1}'
 * ```
 */
export function previewJson(value: unknown, maxLength = 160, options: DisplayRedactionOptions = {}): string {
  let text: string;
  try {
    text = JSON.stringify(redactForDisplay(value, options)) ?? String(value);
  } catch {
    text = '[unserialisable]';
  }
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

/**
 * Redacted, indented JSON for a details pane.
 *
 * @example
 * ```ts
 * prettyJson(row.payload);
 * ```
 */
export function prettyJson(value: unknown, options: DisplayRedactionOptions = {}): string {
  try {
    return JSON.stringify(redactForDisplay(value, options), null, 2) ?? String(value);
  } catch {
    return '[unserialisable]';
  }
}

/**
 * A wire event with its payloads redacted (event, snapshot context and error, meta data) — what export writes, so
 * an exported recording never carries more than the views show. Machine definitions are left alone: they hold no
 * values, and their event-type keys (e.g. `TOKEN.SUCCEEDED`) would look secret to the key rule.
 *
 * @example
 * ```ts
 * const safe = events.map((event) => redactWireEvent(event));
 * ```
 */
export function redactWireEvent(event: WireEvent, options: DisplayRedactionOptions = {}): WireEvent {
  const r = (value: unknown) => redactForDisplay(value, options);
  switch (event.kind) {
    case 'actor':
      return event;
    case 'event':
      return { ...event, event: r(event.event) as typeof event.event };
    case 'microstep':
      return { ...event, event: r(event.event) as typeof event.event };
    case 'snapshot': {
      const snapshot = { ...event.snapshot, context: r(event.snapshot.context) };
      if (event.snapshot.error !== undefined) snapshot.error = r(event.snapshot.error);
      return { ...event, event: r(event.event) as typeof event.event, snapshot };
    }
    case 'meta':
      return { ...event, data: r(event.data) };
  }
}
