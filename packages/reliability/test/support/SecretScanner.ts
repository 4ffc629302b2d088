import { inspect } from 'node:util';
import { redact } from '@dcrflow/protocol';

/** One piece of output from one channel (a log line, an error, an event, a CLI stream…). */
export interface Output {
  readonly channel: string;
  readonly text: string;
}

/** A secret found in an output; `secret` is its fingerprint, never the value. */
export interface Leak {
  readonly channel: string;
  readonly kind: string;
  readonly secret: string;
  readonly how: 'whole' | 'fragment';
  readonly excerpt: string;
}

/** Length of the fragments looked for: any leaked run of 24+ characters of a secret contains one. */
const WINDOW = 16;
const STRIDE = 8;

/**
 * Known secret values and every output channel's text; finds any secret, or any 24+ character piece of one, in any
 * output. Fingerprints (`‹redacted:xxxx›`) are what a correct output shows instead.
 */
export class SecretScanner {
  readonly #secrets = new Map<string, string>();
  readonly outputs: Output[] = [];

  /** Registers a secret (ignores values too short to be one, and repeats). */
  addSecret(kind: string, value: unknown): void {
    if (typeof value !== 'string' || value.length < WINDOW || this.#secrets.has(value)) return;
    this.#secrets.set(value, kind);
  }

  /** One known secret of `kind` (for a self-check that the scan can fail). */
  sample(kind: string): string | undefined {
    for (const [value, known] of this.#secrets) if (known === kind) return value;
    return undefined;
  }

  get secretCount(): number {
    return this.#secrets.size;
  }

  secretKinds(): Record<string, number> {
    const kinds: Record<string, number> = {};
    for (const kind of this.#secrets.values()) kinds[kind] = (kinds[kind] ?? 0) + 1;
    return kinds;
  }

  /** Records an output; non-strings are rendered every way a log or an inspector would render them. */
  record(channel: string, value: unknown): void {
    this.outputs.push({ channel, text: render(value) });
  }

  /**
   * Records every distinct string reachable from `values` as one output, walking the shared object graph once (XState
   * inspection events all point into the same actor system: rendering each one alone would print it over and over).
   */
  recordReachable(channel: string, values: readonly unknown[]): void {
    const seen = new WeakSet<object>();
    const strings = new Set<string>();
    for (const value of values) for (const text of reachableStrings(value, seen)) strings.add(text);
    this.outputs.push({ channel, text: [...strings].join('\n') });
  }

  scan(outputs: readonly Output[] = this.outputs): Leak[] {
    const leaks: Leak[] = [];
    for (const [secret, kind] of this.#secrets) {
      // A JWT's header and claims are shared boilerplate (every token from one issuer has the same header and most of
      // the same claims, Base64url-encoded alike), so for JWTs the unguessable part is the signature: pieces of that,
      // or the whole token, are leaks.
      const parts = secret.split('.');
      const sensitive = parts.length === 3 && (parts[2]?.length ?? 0) >= WINDOW ? parts[2]! : secret;
      const windows: string[] = [];
      for (let i = 0; i + WINDOW <= sensitive.length; i += STRIDE) windows.push(sensitive.slice(i, i + WINDOW));
      if (sensitive.length > WINDOW) windows.push(sensitive.slice(-WINDOW));
      for (const output of outputs) {
        const whole = output.text.indexOf(secret);
        const fragment = whole >= 0 ? undefined : windows.find((window) => output.text.includes(window));
        if (whole < 0 && fragment === undefined) continue;
        const at = whole >= 0 ? whole : output.text.indexOf(fragment!);
        leaks.push({
          channel: output.channel,
          kind,
          secret: redact(secret),
          how: whole >= 0 ? 'whole' : 'fragment',
          // The excerpt around the leak, with the secret itself replaced, so a failure message leaks nothing.
          excerpt: output.text
            .slice(Math.max(0, at - 60), at + 80)
            .split(secret)
            .join(redact(secret))
            .split(fragment ?? '\u0000')
            .join('‹fragment›'),
        });
      }
    }
    return leaks;
  }
}

/** Every string reachable from `value` through own enumerable properties, Maps and Sets (cycle-safe). */
export function reachableStrings(
  value: unknown,
  seen = new WeakSet<object>(),
  depth = 0,
  out: string[] = [],
): string[] {
  if (typeof value === 'string') {
    out.push(value);
    return out;
  }
  if (typeof value !== 'object' || value === null || depth > 12 || seen.has(value)) return out;
  seen.add(value);
  if (value instanceof Map) {
    for (const [key, item] of value) {
      reachableStrings(key, seen, depth + 1, out);
      reachableStrings(item, seen, depth + 1, out);
    }
    return out;
  }
  if (value instanceof Set) {
    for (const item of value) reachableStrings(item, seen, depth + 1, out);
    return out;
  }
  for (const key of Object.keys(value)) {
    out.push(key);
    let item: unknown;
    try {
      item = (value as Record<string, unknown>)[key];
    } catch {
      continue;
    }
    reachableStrings(item, seen, depth + 1, out);
  }
  if (value instanceof Error) {
    out.push(value.message, value.stack ?? '');
    reachableStrings(value.cause, seen, depth + 1, out);
  }
  return out;
}

function render(value: unknown): string {
  if (typeof value === 'string') return value;
  const parts: string[] = [
    inspect(value, { depth: 12, showHidden: false, maxArrayLength: null, maxStringLength: null }),
  ];
  try {
    parts.push(JSON.stringify(value) ?? '');
  } catch {
    // Cyclic or holding BigInts: inspect() above and the walk below still see everything.
  }
  if (value instanceof Error) {
    parts.push(String(value), value.stack ?? '');
    for (let cause: unknown = value.cause, depth = 0; cause !== undefined && depth < 10; depth++) {
      parts.push(inspect(cause, { depth: 12 }));
      cause = cause instanceof Error ? cause.cause : undefined;
    }
  }
  parts.push(reachableStrings(value).join('\n'));
  return parts.join('\n');
}
