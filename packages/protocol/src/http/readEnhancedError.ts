import type { EnhancedError } from '../schemas/enhancedErrorSchema.ts';
import { isJsonContentType } from './contentType.ts';
import { findEnhancedError } from './findEnhancedError.ts';
import { readBodyText } from './readResponseSnapshot.ts';

const MAX_ERROR_BODY_BYTES = 65_536;

/** How long `readEnhancedError` waits for an error body by default. */
const DEFAULT_TIMEOUT_MS = 5_000;

/** Options of {@link readEnhancedError}. */
export interface ReadEnhancedErrorOptions {
  /** Give up (resolve `undefined`) when the body has not fully arrived after this long. Default 5 000 ms. */
  readonly timeoutMs?: number;
}

/**
 * Reads the Adobe enhanced error (top level, wrapped in `error`, or the first item-level one) from a REST API v2
 * response, e.g. a 401 carrying `invalid_access_token_client_application` with action `application-registration`.
 * Reads a clone, so the caller can still consume the body; resolves `undefined` (never rejects) when the body was
 * already used, is larger than 64 KiB, is not JSON, holds no enhanced error, or has not arrived within `timeoutMs`
 * (a server that sends a 401's headers and then stalls must not hang the caller's retry logic).
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
export async function readEnhancedError(
  response: Response,
  options: ReadEnhancedErrorOptions = {},
): Promise<EnhancedError | undefined> {
  const timeoutMs =
    Number.isFinite(options?.timeoutMs) && (options.timeoutMs as number) > 0 ? options.timeoutMs : DEFAULT_TIMEOUT_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    if (typeof response !== 'object' || response === null || response.bodyUsed) return undefined;
    const clone = response.clone();
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const read = await Promise.race([readBodyText(clone, MAX_ERROR_BODY_BYTES), timedOut]);
    if (read === 'timeout') {
      // Not awaited: cancelling one branch of a tee settles only when the other branch is cancelled too.
      clone.body?.cancel().catch(() => undefined);
      return undefined;
    }
    const { text, tooLarge } = read;
    if (tooLarge) return undefined;
    const trimmed = text.trim();
    if (!isJsonContentType(response.headers.get('content-type')) && !trimmed.startsWith('{')) return undefined;
    return findEnhancedError(JSON.parse(trimmed));
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}
