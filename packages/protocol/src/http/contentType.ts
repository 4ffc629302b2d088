/** The media type of a Content-Type value, lower-cased, without parameters (`application/json`). */
export function mediaType(contentType: string | null): string | undefined {
  if (contentType === null) return undefined;
  const type = contentType.split(';', 1)[0]!.trim().toLowerCase();
  return type === '' ? undefined : type;
}

/** `application/json` or any `+json` structured syntax suffix (RFC 6839 §3.1). */
export function isJsonContentType(contentType: string | null): boolean {
  const type = mediaType(contentType);
  return type === 'application/json' || (type?.endsWith('+json') ?? false);
}
