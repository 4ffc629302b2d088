/**
 * Whether a `Content-Type` value is `mediaType`, allowing parameters but only a UTF-8 `charset` (Adobe asks for
 * `application/json;charset=utf-8`; RFC 8259 §8.1 allows no other charset for JSON).
 */
export function isMediaType(contentType: string | null, mediaType: string): boolean {
  if (contentType === null) return false;
  const [type = '', ...parameters] = contentType.split(';');
  if (type.trim().toLowerCase() !== mediaType) return false;
  for (const parameter of parameters) {
    const equals = parameter.indexOf('=');
    if (equals === -1) continue;
    const name = parameter.slice(0, equals).trim().toLowerCase();
    const value = parameter
      .slice(equals + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .toLowerCase();
    if (name === 'charset' && value !== 'utf-8' && value !== 'utf8') return false;
  }
  return true;
}
