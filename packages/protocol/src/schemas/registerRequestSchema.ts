import * as z from 'zod/mini';
import { nonEmptyString } from './fields.ts';

/**
 * The JSON body of `POST /o/client/register`: the software statement, the redirect URI when configured, and any
 * extra RFC 7591 §2 client metadata. Source: Adobe DCR API reference; RFC 7591 §3.1.
 *
 * Internal to the package: the request builder's output type and the tests' check of what reached the wire.
 */
export const registerRequestSchema = z.looseObject({
  software_statement: nonEmptyString,
  redirect_uri: z.optional(nonEmptyString),
});

export type RegisterRequest = z.infer<typeof registerRequestSchema>;
