import { redact } from './redact.ts';

/**
 * The forms in which a secret can come back inside server text: as sent, percent-encoded, form-encoded.
 * Longest first, so a form that contains another is replaced whole.
 */
export function secretVariants(secrets: readonly string[]): string[] {
  const variants = new Set<string>();
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret === '') continue;
    variants.add(secret);
    variants.add(encodeURIComponent(secret));
    variants.add(new URLSearchParams([['', secret]]).toString().slice(1));
  }
  return [...variants].sort((a, b) => b.length - a.length);
}

/**
 * Replaces every occurrence of a secret (see `secretVariants`) with its fingerprint, strips control characters and
 * caps the length: the result is safe to put in a message, a log line or `toJSON()`.
 */
export function scrubSecrets(text: string, secrets: readonly string[], maxLength = 500): string {
  let result = text;
  for (const variant of secretVariants(secrets)) {
    result = result.split(variant).join(redact(variant));
  }
  // Control characters would let a hostile server forge extra log lines.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point here.
  result = result.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
  return result.length > maxLength ? `${result.slice(0, maxLength - 1)}…` : result;
}
