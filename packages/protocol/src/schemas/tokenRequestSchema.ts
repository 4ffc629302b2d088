import * as z from 'zod/mini';
import { nonEmptyString } from './fields.ts';

/**
 * The form fields of `POST /o/client/token` (client credentials grant, RFC 6749 §4.4.2). With
 * `client_secret_post` the id and secret are form fields (RFC 6749 §2.3.1); with `client_secret_basic` they travel in
 * the Authorization header and only `grant_type` remains.
 *
 * Internal to the package: the request builder's output type and the tests' check of what reached the wire.
 */
export const tokenRequestSchema = z.looseObject({
  grant_type: z.literal('client_credentials'),
  client_id: z.optional(nonEmptyString),
  client_secret: z.optional(nonEmptyString),
});

export type TokenRequest = z.infer<typeof tokenRequestSchema>;
