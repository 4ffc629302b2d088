import { ContractError } from '../errors/ContractError.ts';
import type { DcrError } from '../errors/DcrError.ts';
import { ProtocolError } from '../errors/ProtocolError.ts';
import { ServerError } from '../errors/ServerError.ts';
import { ThrottledError } from '../errors/ThrottledError.ts';
import { scrubSecrets } from '../secrets/scrubSecrets.ts';
import { checkShape, nonEmptyText } from '../validation/checkShape.ts';
import { summarizeIssues } from '../validation/summarizeIssues.ts';
import { isJsonContentType } from './contentType.ts';
import { findEnhancedError } from './findEnhancedError.ts';
import { parseRetryAfter } from './parseRetryAfter.ts';
import { MAX_BODY_BYTES, type ResponseSnapshot } from './readResponseSnapshot.ts';

/**
 * What a processor knows besides the response: the secrets of the request (to scrub) and the clock.
 *
 * @example
 * ```ts
 * processTokenResponse(snapshot, { secrets: request.secrets, nowMs: Date.now() } satisfies ProcessContext);
 * ```
 */
export interface ProcessContext {
  readonly secrets?: readonly string[];
  readonly nowMs?: number;
}

export interface EndpointLabel {
  readonly endpoint: 'register' | 'token';
  /** Capitalised, for the start of a sentence. */
  readonly label: 'Register' | 'Token';
}

const OAUTH_ERROR_SHAPE = { error: nonEmptyText };

function tryParseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    // Also catches RangeError from absurdly deep nesting.
    return { ok: false };
  }
}

/**
 * Maps a non-2xx DCR response to the error it means:
 * - 429 → `ThrottledError` whatever the body (Adobe sends HTML, no Retry-After; throttling page).
 * - an OAuth `{ "error": code }` body (RFC 6749 §5.2, RFC 7591 §3.2.2) or an Adobe enhanced error → `ProtocolError`.
 * - a body declared JSON that is neither → `ContractError` (the server broke the contract);
 * - anything else (HTML 5xx page, empty body, redirect) → `ServerError`.
 * Error bodies are recognised even without a JSON content type when they start with `{`, because the code decides
 * the lifecycle (`invalid_client` means re-register) and some proxies mislabel them.
 */
export function processErrorResponse(
  snapshot: ResponseSnapshot,
  { endpoint, label }: EndpointLabel,
  context: ProcessContext = {},
): DcrError {
  const { status } = snapshot;
  const secrets = context.secrets ?? [];
  const retryAfterSeconds = parseRetryAfter(snapshot.retryAfter, context.nowMs);

  if (status === 429) {
    const message =
      retryAfterSeconds === undefined
        ? `${label} request was throttled: the server answered 429 without Retry-After.`
        : `${label} request was throttled: the server answered 429 and asked to wait ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}.`;
    return new ThrottledError(message, { retryAfterSeconds, endpoint });
  }

  const serverError = () =>
    new ServerError(`${label} request failed: the server answered ${status} without a recognisable error body.`, {
      status,
      retryAfterSeconds,
      endpoint,
    });

  const declaredJson = isJsonContentType(snapshot.contentType);
  const text = snapshot.body.trim();
  if (text === '') return serverError();
  if (!declaredJson && !text.startsWith('{')) return serverError();
  if (snapshot.bodyTooLarge) {
    return declaredJson
      ? new ContractError(
          `${label} request failed: the server answered ${status} with a JSON body larger than ${MAX_BODY_BYTES} bytes.`,
          { status, issues: [`body: expected at most ${MAX_BODY_BYTES} bytes`], endpoint },
        )
      : serverError();
  }
  const parsed = tryParseJson(text);
  if (!parsed.ok) {
    return declaredJson
      ? new ContractError(
          `${label} request failed: the server answered ${status} with a JSON body that could not be parsed.`,
          { status, issues: ['body: expected valid JSON'], endpoint },
        )
      : serverError();
  }

  // oauthErrorSchema's rule (RFC 6749 §5.2): only `error` decides; a malformed description must not hide it.
  const oauthIssues = checkShape(OAUTH_ERROR_SHAPE, parsed.value);
  if (oauthIssues.length === 0) {
    const body = parsed.value as { error: string; error_description?: unknown };
    const error = scrubSecrets(body.error, secrets, 100);
    return new ProtocolError(`${label} request failed: the server answered ${status} ${error}.`, {
      status,
      error,
      description:
        typeof body.error_description === 'string' ? scrubSecrets(body.error_description, secrets) : undefined,
      action: undefined,
      retryAfterSeconds,
      endpoint,
    });
  }
  const enhanced = findEnhancedError(parsed.value);
  if (enhanced !== undefined) {
    const error = scrubSecrets(enhanced.code, secrets, 100);
    return new ProtocolError(`${label} request failed: the server answered ${status} ${error}.`, {
      status,
      error,
      description: enhanced.message === undefined ? undefined : scrubSecrets(enhanced.message, secrets),
      action: enhanced.action === undefined ? undefined : scrubSecrets(enhanced.action, secrets, 100),
      retryAfterSeconds,
      endpoint,
    });
  }
  if (!declaredJson) return serverError();
  return new ContractError(
    `${label} request failed: the server answered ${status} with a JSON body that is neither an OAuth error nor an enhanced error (${summarizeIssues(oauthIssues)}).`,
    { status, issues: oauthIssues, endpoint },
  );
}
