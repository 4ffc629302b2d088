import { codeGuard, DcrError } from '@dcrflow/protocol';

/**
 * The client was stopped (`client.stop()`) while a caller was waiting for a token, or a method was called after it.
 *
 * @example
 * ```ts
 * import { StoppedError } from '@dcrflow/core';
 * client.stop();
 * await client.getAccessToken().catch((error) => StoppedError.is(error)); // true
 * ```
 */
export class StoppedError extends DcrError {
  override name = 'StoppedError';
  override readonly code = 'stopped' as const;

  /**
   * True for a StoppedError from any realm.
   *
   * @example
   * ```ts
   * if (StoppedError.is(error)) return;
   * ```
   */
  static override is = /* @__PURE__ */ codeGuard<StoppedError>('stopped');
}
