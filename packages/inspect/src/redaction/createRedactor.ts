import { redact } from '@dcrflow/protocol';
import { DEFAULT_SECRET_KEYS } from './DEFAULT_SECRET_KEYS.ts';
import { HARMLESS_METADATA_KEYS } from './HARMLESS_METADATA_KEYS.ts';

/**
 * What to hide, beyond what is hidden by default.
 *
 * @example
 * ```ts
 * const options: RedactOptions = { secrets: [process.env.CLIENT_SECRET!], keys: /secret|token|pin/i };
 * ```
 */
export interface RedactOptions {
  /** Known secret values: every occurrence, inside any string or object key, becomes its fingerprint. */
  secrets?: readonly string[];
  /** Replaces {@link DEFAULT_SECRET_KEYS}: strings under a key matching it become fingerprints. */
  keys?: RegExp;
}

/**
 * Turns arbitrary values into JSON data with secrets replaced by `redact()` fingerprints.
 *
 * @example
 * ```ts
 * const redactor = createRedactor({ secrets: ['s3cr3t'] });
 * redactor.payload({ client_secret: 'abc', note: 'key s3cr3t' }); // { client_secret: '‹redacted:…›', note: 'key ‹redacted:…›' }
 * ```
 */
export interface Redactor {
  /**
   * For context, event payloads, errors and meta data: the key rule, configured secret values, and strings that
   * look like an Authorization header value or a compact JWT.
   */
  payload(value: unknown): unknown;
  /**
   * For structure the inspector draws from — machine definitions, state values, ids, transitions: only configured
   * secret values are replaced, because the key rule would hit state names such as `tokenValid`.
   */
  structure(value: unknown): unknown;
}

/** A fingerprint is already safe; redacting it again would only turn the context panel's fingerprints into noise. */
const FINGERPRINT = /^‹redacted:[0-9a-f]{4}›$/;
/** `Bearer …` / `Basic …` (RFC 6750 §2.1, RFC 7617 §2) as a whole value: an Authorization header value. */
const AUTHORIZATION_VALUE = /^(?:bearer|basic)\s+\S{8,}$/i;
/**
 * The same inside longer text ("Authorization: Bearer …" in a log line or an error message). Mid-text the credential
 * must look like one (a digit, a token68 symbol, an inner capital, or ≥ 20 characters) so that prose such as "basic
 * authentication" stays readable.
 */
const AUTHORIZATION_IN_TEXT = /\b(?:bearer|basic)[ \t]+([A-Za-z0-9._~+/=-]{8,})/gi;
const CREDENTIAL_SHAPED = /[0-9._~+/=-]|.[A-Z]|^.{20,}$/;
/** A compact JWS (RFC 7515 §7.1) such as a software statement or an Adobe access token, wherever it appears. */
const COMPACT_JWT = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;
/** `name=value` pairs (query strings, fragments, form bodies) — the value is hidden when the name is a secret key. */
const NAME_VALUE = /([A-Za-z][A-Za-z0-9_.-]*)=([^&#\s"',;]+)/g;
/** `"name": "value"` inside text (an echoed JSON body) — the same rule. */
const JSON_PAIR = /"([^"\\]{1,64})"(\s*:\s*)"((?:[^"\\]|\\.)*)"/g;
/** `Name: value` (a header line, "apiKey: …" in a message) — the same rule. */
const HEADER_PAIR = /([A-Za-z][A-Za-z0-9_-]*)([ \t]*:[ \t]*)([^\s,;"']{4,})/g;
/** Deeper values are cut: inspection payloads are small, and a runaway structure must not stall the machine. */
const MAX_DEPTH = 48;

type Mode = 'payload' | 'structure';

/** Drop marker for values JSON cannot hold (undefined, functions, symbols). */
const OMIT = Symbol('omit');

/**
 * Builds a {@link Redactor}. The output is always plain JSON data (cycles become `'[Circular]'`, BigInts strings,
 * Maps objects, Sets arrays, Errors `{ name, message, … }`, binary data a placeholder), so every transport can
 * serialise it without throwing.
 *
 * @example
 * ```ts
 * import { createRedactor } from '@dcrflow/inspect';
 * const redactor = createRedactor();
 * JSON.stringify(redactor.payload({ headers: { Authorization: 'Bearer abc' } })); // no "abc" in it
 * ```
 */
export function createRedactor(options: RedactOptions = {}): Redactor {
  // A global or sticky RegExp keeps `lastIndex` between `test` calls and would skip every other match.
  const keyPattern =
    options.keys === undefined
      ? DEFAULT_SECRET_KEYS
      : new RegExp(options.keys.source, options.keys.flags.replace(/[gy]/g, ''));
  // Longest first, so a secret that contains another is replaced whole.
  const secrets = [...new Set((options.secrets ?? []).filter((s) => typeof s === 'string' && s.length > 0))].sort(
    (a, b) => b.length - a.length,
  );

  function replaceSecrets(text: string): string {
    let result = text;
    for (const secret of secrets) {
      if (result.includes(secret)) result = result.split(secret).join(redact(secret));
    }
    return result;
  }

  const hideValue = (name: string, value: string): boolean => keyPattern.test(name) && !value.startsWith('‹redacted:');

  /**
   * Secrets inside a longer string: configured values, compact JWTs, Authorization credentials and the values of
   * secret-named pairs. Applied to every string and object key in both modes — none of these shapes occurs in a state
   * name — so a JWT in an event type, a URL fragment, an error message or a sentence is caught, not only a JWT that is
   * the whole string.
   */
  function redactInside(text: string): string {
    let result = replaceSecrets(text);
    if (result.includes('eyJ')) result = result.replace(COMPACT_JWT, (jwt) => redact(jwt));
    result = result.replace(AUTHORIZATION_IN_TEXT, (match, credential: string) =>
      CREDENTIAL_SHAPED.test(credential) ? match.slice(0, -credential.length) + redact(credential) : match,
    );
    if (result.includes('=')) {
      result = result.replace(NAME_VALUE, (match, name: string, value: string) =>
        hideValue(name, value) ? `${name}=${redact(value)}` : match,
      );
    }
    if (result.includes('"')) {
      result = result.replace(JSON_PAIR, (match, name: string, colon: string, value: string) =>
        hideValue(name, value) && value !== '' ? `"${name}"${colon}"${redact(value)}"` : match,
      );
    }
    if (result.includes(':')) {
      result = result.replace(HEADER_PAIR, (match, name: string, colon: string, value: string) =>
        hideValue(name, value) ? `${name}${colon}${redact(value)}` : match,
      );
    }
    return result;
  }

  function redactString(text: string, mode: Mode, hidden: boolean): string {
    if (FINGERPRINT.test(text)) return text;
    const trimmed = text.trim();
    if (mode === 'payload' && (hidden || AUTHORIZATION_VALUE.test(trimmed))) return redact(text);
    return redactInside(text);
  }

  function isSecretKey(key: string): boolean {
    return keyPattern.test(key);
  }

  function convert(
    value: unknown,
    mode: Mode,
    underSecretKey: boolean,
    depth: number,
    ancestors: Set<object>,
    allowToJSON: boolean,
  ): unknown {
    switch (typeof value) {
      case 'string':
        return redactString(value, mode, underSecretKey);
      case 'number':
        return Number.isFinite(value) ? value : null;
      case 'boolean':
        return value;
      case 'bigint':
        return redactString(value.toString(), mode, underSecretKey);
      case 'undefined':
      case 'function':
      case 'symbol':
        return OMIT;
    }
    if (value === null) return null;
    const object = value as object;
    if (depth >= MAX_DEPTH) return '[Truncated]';
    if (ancestors.has(object)) return '[Circular]';
    const toJSON = readProperty(object, 'toJSON');
    if (allowToJSON && typeof toJSON === 'function') {
      // JSON.stringify semantics: the toJSON result stands in for the object (Dates, URLs, DcrErrors, actor refs),
      // and is not asked for its own toJSON again — XState's transition objects spread theirs into the result.
      let replacement: unknown;
      try {
        replacement = toJSON.call(object);
      } catch {
        return '[Unreadable]';
      }
      return convert(replacement, mode, underSecretKey, depth, ancestors, false);
    }
    ancestors.add(object);
    try {
      // Below a secret key everything is hidden except harmless metadata keys (`tokenType`, `expiresAt`).
      const next = (child: unknown, secretKey: boolean, harmless = false) =>
        convert(child, mode, secretKey || (underSecretKey && !harmless), depth + 1, ancestors, true);

      if (Array.isArray(object)) {
        return object.map((item) => {
          const converted = next(item, false);
          return converted === OMIT ? null : converted;
        });
      }
      if (ArrayBuffer.isView(object) || object instanceof ArrayBuffer) {
        return `[${object.constructor.name} of ${object.byteLength} bytes]`;
      }
      if (object instanceof Set) {
        return [...object].map((item) => {
          const converted = next(item, false);
          return converted === OMIT ? null : converted;
        });
      }
      if (object instanceof Map || (typeof Headers !== 'undefined' && object instanceof Headers)) {
        return convertEntries((object as Map<unknown, unknown>).entries(), next);
      }
      if (Object.prototype.toString.call(object) === '[object Error]' || object instanceof Error) {
        const error = object as Error & { cause?: unknown };
        const entries: Array<[unknown, unknown]> = [
          ['name', error.name],
          ['message', error.message],
        ];
        for (const key of Object.keys(error)) {
          if (key !== 'stack' && key !== 'name' && key !== 'message') entries.push([key, readProperty(error, key)]);
        }
        if (error.cause !== undefined && !Object.keys(error).includes('cause')) entries.push(['cause', error.cause]);
        return convertEntries(entries.values(), next);
      }
      const entries: Array<[unknown, unknown]> = Object.keys(object).map((key) => [key, readProperty(object, key)]);
      return convertEntries(entries.values(), next);
    } finally {
      ancestors.delete(object);
    }
  }

  function convertEntries(
    entries: Iterable<[unknown, unknown]>,
    next: (child: unknown, secretKey: boolean, harmless?: boolean) => unknown,
  ): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    for (const [rawKey, child] of entries) {
      const key = String(rawKey);
      const converted = next(child, isSecretKey(key), HARMLESS_METADATA_KEYS.test(key));
      // defineProperty, not assignment: a `__proto__` key must stay data, not swap the result's prototype.
      if (converted !== OMIT) {
        Object.defineProperty(result, redactInside(key), {
          value: converted,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
    }
    return result;
  }

  function run(value: unknown, mode: Mode): unknown {
    const converted = convert(value, mode, false, 0, new Set(), true);
    return converted === OMIT ? undefined : converted;
  }

  return {
    payload: (value) => run(value, 'payload'),
    structure: (value) => run(value, 'structure'),
  };
}

/** A property read that cannot throw: a throwing getter shows as a marker instead of breaking the machine. */
function readProperty(object: object, key: string): unknown {
  try {
    return (object as Record<string, unknown>)[key];
  } catch {
    return '[Unreadable]';
  }
}
