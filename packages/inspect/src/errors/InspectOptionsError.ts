/**
 * Options given to a factory of this package (bridge, transport, relay, recorder) are unusable. Thrown when the
 * factory is called, never later from inside a running machine.
 *
 * @example
 * ```ts
 * import { InspectOptionsError, webSocketTransport } from '@dcrflow/inspect';
 * try {
 *   webSocketTransport({ url: 'http://example.com' });
 * } catch (error) {
 *   if (InspectOptionsError.is(error)) console.error(error.message); // "… must be a ws:// or wss:// URL …"
 * }
 * ```
 */
export class InspectOptionsError extends Error {
  override name = 'InspectOptionsError';

  /**
   * True for an `InspectOptionsError` from any realm or package copy.
   *
   * @example
   * ```ts
   * if (InspectOptionsError.is(error)) process.exitCode = 2;
   * ```
   */
  static is(value: unknown): value is InspectOptionsError {
    if (value instanceof InspectOptionsError) return true;
    return (
      Object.prototype.toString.call(value) === '[object Error]' &&
      (value as { name?: unknown }).name === 'InspectOptionsError'
    );
  }
}
