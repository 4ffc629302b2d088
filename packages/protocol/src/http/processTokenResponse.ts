import type { TokenResponse } from '../schemas/tokenResponseSchema.ts';
import {
  absentable,
  nonEmptyText,
  nonNegativeNumber,
  positiveNumber,
  type Shape,
  text,
} from '../validation/checkShape.ts';
import { normaliseEpochMs } from './normaliseEpochMs.ts';
import type { ProcessContext } from './processErrorResponse.ts';
import { processResponse } from './processResponse.ts';
import type { ResponseSnapshot } from './readResponseSnapshot.ts';
import type { TokenGrant } from './types.ts';

// The fields of tokenResponseSchema that the client relies on (decision 0015).
const SHAPE: Shape = {
  access_token: nonEmptyText,
  token_type: nonEmptyText,
  expires_in: positiveNumber,
  created_at: absentable(nonNegativeNumber),
  id: absentable(text),
};

const NAMES = { endpoint: 'token', label: 'Token' } as const;

/**
 * Turns a token response into a `TokenGrant` or throws the `DcrError` it means. Any 2xx is success (201 now, 200 in
 * older docs); `created_at` is normalised to ms; `refresh_token` is ignored. Source: Adobe DCR API reference;
 * RFC 6749 §5.1-§5.2.
 *
 * @example
 * ```ts
 * const grant = processTokenResponse(await readResponseSnapshot(response), { secrets: [clientSecret] });
 * console.log(grant.expiresIn);
 * ```
 */
export function processTokenResponse(snapshot: ResponseSnapshot, context?: ProcessContext): TokenGrant {
  return processResponse(
    snapshot,
    SHAPE,
    (body: TokenResponse) => ({
      accessToken: body.access_token,
      tokenType: body.token_type,
      expiresIn: body.expires_in,
      createdAt: body.created_at == null ? undefined : normaliseEpochMs(body.created_at),
      id: body.id ?? undefined,
    }),
    NAMES,
    context,
  );
}
