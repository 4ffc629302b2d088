import * as z from 'zod/mini';
import { isNumber, isString, keptIf, nonEmptyString } from './fields.ts';

const optionalText = keptIf(isString);

/**
 * An Adobe Pass enhanced error: `action`, `status`, `code`, `message`, optional `details`, `helpUrl`, `trace`.
 * Only `code` is required: it is what a client branches on; the other documented fields are kept when they have
 * the documented type and dropped otherwise. Unknown extra fields are kept.
 * Source: Adobe Pass "Enhanced Error Codes" page (dcr-protocol.md §5).
 *
 * @example
 * ```ts
 * import { enhancedErrorSchema } from '@dcrflow/protocol';
 * enhancedErrorSchema.safeParse({
 *   action: 'application-registration', status: 401, code: 'invalid_access_token_client_application',
 *   message: 'The access token is invalid.',
 * }).success; // true
 * ```
 */
export const enhancedErrorSchema = z.looseObject({
  action: optionalText,
  status: keptIf(isNumber),
  code: nonEmptyString,
  message: optionalText,
  details: optionalText,
  helpUrl: optionalText,
  trace: optionalText,
});

/**
 * A parsed enhanced error.
 *
 * @example
 * ```ts
 * import type { EnhancedError } from '@dcrflow/protocol';
 * const error: EnhancedError = { code: 'access_token_expired', action: 'authentication', status: 401 };
 * ```
 */
export type EnhancedError = z.infer<typeof enhancedErrorSchema>;
