/** Schemes that execute or embed content instead of navigating: never acceptable redirect targets. */
const FORBIDDEN_SCHEMES = new Set(['javascript:', 'data:', 'vbscript:', 'file:', 'blob:', 'about:']);

/**
 * Whether a `redirect_uri` is acceptable: an absolute URI (RFC 6749 §3.1.2: "MUST be an absolute URI"), without a
 * fragment (same section), without whitespace or control characters, and not a script/data/file scheme. Custom
 * app schemes (`myapp://callback`) are fine: native apps register those.
 */
export function validateRedirectUri(value: string): { ok: true } | { ok: false; reason: string } {
  if (value === '' || value.length > 2048) return { ok: false, reason: 'The redirect_uri is empty or too long.' };
  if (/\s/.test(value) || [...value].some(isControlCharacter)) {
    return { ok: false, reason: 'The redirect_uri contains whitespace or control characters.' };
  }
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:/.test(value))
    return { ok: false, reason: 'The redirect_uri is not an absolute URI.' };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, reason: 'The redirect_uri is not a valid URI.' };
  }
  if (FORBIDDEN_SCHEMES.has(url.protocol)) {
    return { ok: false, reason: `The redirect_uri scheme ${url.protocol} is not allowed.` };
  }
  if (value.includes('#')) return { ok: false, reason: 'The redirect_uri must not contain a fragment.' };
  if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname === '') {
    return { ok: false, reason: 'The redirect_uri has no host.' };
  }
  return { ok: true };
}

/** C0 controls and DEL (RFC 3986 §2 allows neither in a URI). */
function isControlCharacter(char: string): boolean {
  const code = char.charCodeAt(0);
  return code < 0x20 || code === 0x7f;
}
