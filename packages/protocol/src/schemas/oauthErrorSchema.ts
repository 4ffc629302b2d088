import * as z from 'zod/mini';
import { isString, keptIf, nonEmptyString } from './fields.ts';

/**
 * OAuth error codes the DCR endpoints are documented to answer. Register (400): `invalid_request`,
 * `invalid_redirect_uri`, `invalid_software_statement`, `unapproved_software_statement` (RFC 7591 §3.2.2).
 * Token (400): `invalid_request`, `invalid_client`, `unauthorized_client`, `unsupported_grant_type` (RFC 6749 §5.2);
 * older SDK docs add 401 `access_denied`. Servers may send others; they still become a `ProtocolError`.
 *
 * @example
 * ```ts
 * import { OAUTH_ERROR_CODES } from '@dcrflow/protocol';
 * OAUTH_ERROR_CODES.includes('invalid_client'); // true
 * ```
 */
export const OAUTH_ERROR_CODES = [
  'invalid_request',
  'invalid_redirect_uri',
  'invalid_software_statement',
  'unapproved_software_statement',
  'invalid_client',
  'unauthorized_client',
  'unsupported_grant_type',
  'access_denied',
] as const;

// Only `error` decides what happens next; a malformed description must not hide it.
const optionalText = keptIf(isString);

/**
 * An OAuth error body `{ "error": "<code>", "error_description"?, "error_uri"? }` (RFC 6749 §5.2, RFC 7591 §3.2.2).
 * `error_description` is not documented by Adobe but accepted; a description or URI of the wrong type is dropped
 * rather than hiding the code.
 *
 * @example
 * ```ts
 * import { oauthErrorSchema } from '@dcrflow/protocol';
 * oauthErrorSchema.safeParse({ error: 'invalid_client' }).success; // true
 * ```
 */
export const oauthErrorSchema = z.looseObject({
  error: nonEmptyString,
  error_description: optionalText,
  error_uri: optionalText,
});

/**
 * A parsed OAuth error body.
 *
 * @example
 * ```ts
 * import type { OAuthErrorBody } from '@dcrflow/protocol';
 * const body: OAuthErrorBody = { error: 'invalid_request' };
 * ```
 */
export type OAuthErrorBody = z.infer<typeof oauthErrorSchema>;
