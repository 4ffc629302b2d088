import * as z from 'zod/mini';
import { absentable, epochNumber, nonEmptyString } from './fields.ts';

/**
 * The 2xx body of `POST /o/client/token`: `access_token`, `token_type` (`"bearer"`), `expires_in` (seconds), and
 * optionally `created_at` (ms in current docs, s in older samples) and `id`. The OpenAPI's `refresh_token` and any
 * other extra field are ignored. Source: Adobe DCR API reference and OpenAPI
 * `ClientRegistrationAccessTokenResponse`; RFC 6749 §5.1.
 *
 * @example
 * ```ts
 * import { tokenResponseSchema } from '@dcrflow/protocol';
 * tokenResponseSchema.safeParse({ access_token: 'a', token_type: 'bearer', expires_in: 3600 }).success; // true
 * ```
 */
export const tokenResponseSchema = z.looseObject({
  access_token: nonEmptyString,
  token_type: nonEmptyString,
  expires_in: z.number().check(z.positive()),
  created_at: absentable(epochNumber),
  id: absentable(z.string()),
});

/**
 * A parsed token response (wire names).
 *
 * @example
 * ```ts
 * import type { TokenResponse } from '@dcrflow/protocol';
 * const body: TokenResponse = { access_token: 'jwt', token_type: 'bearer', expires_in: 86400 };
 * ```
 */
export type TokenResponse = z.infer<typeof tokenResponseSchema>;
