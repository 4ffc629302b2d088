import { codeGuard, DcrError } from '@dcrflow/protocol';

/**
 * The software statement is revoked or invalid (registration answered `unapproved_software_statement` /
 * `invalid_software_statement`, or the token endpoint `unauthorized_client`): the client is in `revoked` and no token
 * can be obtained until a new statement is supplied (`client.setSoftwareStatement()` or `reset()`).
 * `getAccessToken()` rejects with it immediately, without a request.
 *
 * @example
 * ```ts
 * import { RevokedError } from '@dcrflow/core';
 * try {
 *   await client.getAccessToken();
 * } catch (error) {
 *   if (RevokedError.is(error)) showAppBlockedScreen();
 * }
 * ```
 */
export class RevokedError extends DcrError {
  override name = 'RevokedError';
  override readonly code = 'revoked' as const;

  /**
   * True for a RevokedError from any realm.
   *
   * @example
   * ```ts
   * if (RevokedError.is(error)) console.warn(error.message);
   * ```
   */
  static override is = /* @__PURE__ */ codeGuard<RevokedError>('revoked');
}
