/**
 * Parses `application/x-www-form-urlencoded` text (also a URL query) into name/value pairs, in order.
 *
 * Stricter than `URLSearchParams` on purpose: a percent-escape that is not valid UTF-8 (or not an escape at all)
 * makes the whole input invalid (`undefined`) instead of being replaced by U+FFFD, so a client that mis-encodes a
 * secret gets `invalid_request` rather than a confusing `invalid_client`. Duplicates are kept so the caller can
 * refuse repeated parameters (RFC 6749 §3.2).
 */
export function parseFormEncoded(input: string): Array<[string, string]> | undefined {
  const pairs: Array<[string, string]> = [];
  for (const part of input.split('&')) {
    if (part === '') continue;
    const equals = part.indexOf('=');
    const name = decodeFormComponent(equals === -1 ? part : part.slice(0, equals));
    const value = decodeFormComponent(equals === -1 ? '' : part.slice(equals + 1));
    if (name === undefined || value === undefined) return undefined;
    pairs.push([name, value]);
  }
  return pairs;
}

/** One form component: `+` is a space (WHATWG URL §5.1), then percent-decoding as UTF-8. */
export function decodeFormComponent(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw.replaceAll('+', ' '));
  } catch {
    return undefined;
  }
}
