import * as z from 'zod/mini';
import { absentable, epochNumber, nonEmptyString } from './fields.ts';

/**
 * The 2xx body of `POST /o/client/register`: `client_id`, `client_secret`, and optionally `client_id_issued_at`
 * (epoch seconds in samples), `redirect_uris`, `grant_types`, `scopes` (absent in older responses). Optional fields
 * may be `null`; unknown extra fields are kept. Source: Adobe DCR API reference and OpenAPI `ClientApplication`;
 * RFC 7591 §3.2.1.
 *
 * @example
 * ```ts
 * import { registerResponseSchema } from '@dcrflow/protocol';
 * registerResponseSchema.safeParse({ client_id: 'a', client_secret: 'b' }).success; // true
 * ```
 */
export const registerResponseSchema = z.looseObject({
  client_id: nonEmptyString,
  client_secret: nonEmptyString,
  client_id_issued_at: absentable(epochNumber),
  redirect_uris: absentable(z.array(z.string())),
  grant_types: absentable(z.array(z.string())),
  scopes: absentable(z.array(z.string())),
});

/**
 * A parsed registration response (wire names).
 *
 * @example
 * ```ts
 * import type { RegisterResponse } from '@dcrflow/protocol';
 * const body: RegisterResponse = { client_id: 'id', client_secret: 'secret', grant_types: ['client_credentials'] };
 * ```
 */
export type RegisterResponse = z.infer<typeof registerResponseSchema>;
