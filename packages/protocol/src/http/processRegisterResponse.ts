import type { RegisterResponse } from '../schemas/registerResponseSchema.ts';
import { absentable, arrayOf, nonEmptyText, nonNegativeNumber, type Shape, text } from '../validation/checkShape.ts';
import { normaliseEpochMs } from './normaliseEpochMs.ts';
import type { ProcessContext } from './processErrorResponse.ts';
import { processResponse } from './processResponse.ts';
import type { ResponseSnapshot } from './readResponseSnapshot.ts';
import type { ClientCredentials } from './types.ts';

// The fields of registerResponseSchema that the client relies on (RFC 7591 §3.2.1; decision 0015).
const SHAPE: Shape = {
  client_id: nonEmptyText,
  client_secret: nonEmptyText,
  client_id_issued_at: absentable(nonNegativeNumber),
  redirect_uris: absentable(arrayOf(text)),
  grant_types: absentable(arrayOf(text)),
  scopes: absentable(arrayOf(text)),
};

const NAMES = { endpoint: 'register', label: 'Register' } as const;

/**
 * Turns a register response into `ClientCredentials` or throws the `DcrError` it means. Any 2xx is success (Adobe
 * documents 201). Source: Adobe DCR API reference; RFC 7591 §3.2.
 *
 * @example
 * ```ts
 * const snapshot = { status: 201, contentType: 'application/json', retryAfter: null, body, bodyTooLarge: false };
 * const { clientId } = processRegisterResponse(snapshot);
 * ```
 */
export function processRegisterResponse(snapshot: ResponseSnapshot, context?: ProcessContext): ClientCredentials {
  return processResponse(
    snapshot,
    SHAPE,
    (body: RegisterResponse) => ({
      clientId: body.client_id,
      clientSecret: body.client_secret,
      issuedAt: body.client_id_issued_at == null ? undefined : normaliseEpochMs(body.client_id_issued_at),
      redirectUris: body.redirect_uris == null ? undefined : Object.freeze([...body.redirect_uris]),
      grantTypes: body.grant_types == null ? undefined : Object.freeze([...body.grant_types]),
      scopes: body.scopes == null ? undefined : Object.freeze([...body.scopes]),
    }),
    NAMES,
    context,
  );
}
