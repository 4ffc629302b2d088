import type { EnhancedError } from '../schemas/enhancedErrorSchema.ts';
import { isJsonContentType } from './contentType.ts';
import { findEnhancedError } from './findEnhancedError.ts';
import { readBodyText } from './readResponseSnapshot.ts';

const MAX_ERROR_BODY_BYTES = 65_536;

/**
 * Reads the Adobe enhanced error (top level, wrapped in `error`, or the first item-level one) from a REST API v2
 * response, e.g. a 401 carrying `invalid_access_token_client_application` with action `application-registration`.
 * Reads a clone, so the caller can still consume the body; resolves `undefined` (never rejects) when the body was
 * already used, is larger than 64 KiB, is not JSON, or holds no enhanced error. It reads the body as it arrives, so
 * bound a slow server with the signal of the fetch that produced the response.
 * Source: Adobe Pass "Enhanced Error Codes" page.
 *
 * @example
 * ```ts
 * import { readEnhancedError } from '@dcrflow/protocol';
 * const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
 * if (response.status === 401) {
 *   const error = await readEnhancedError(response);
 *   if (error?.action === 'application-registration') await reRegister();
 * }
 * ```
 */
export async function readEnhancedError(response: Response): Promise<EnhancedError | undefined> {
  try {
    if (typeof response !== 'object' || response === null || response.bodyUsed) return undefined;
    const { text, tooLarge } = await readBodyText(response.clone(), MAX_ERROR_BODY_BYTES);
    if (tooLarge) return undefined;
    const trimmed = text.trim();
    if (!isJsonContentType(response.headers.get('content-type')) && !trimmed.startsWith('{')) return undefined;
    return findEnhancedError(JSON.parse(trimmed));
  } catch {
    return undefined;
  }
}
