/**
 * Which browser facility failed.
 *
 * @example
 * ```ts
 * const backend: BrowserStorageBackend = 'indexedDb';
 * ```
 */
export type BrowserStorageBackend = 'webStorage' | 'indexedDb' | 'encryption';

/**
 * A browser storage facility refused an operation: web storage over quota or blocked (sandboxed iframe, disabled
 * cookies), IndexedDB unavailable or aborted, or no encryption key could be obtained. The message is a sentence that
 * names the store and the operation, never a stored value; the browser's own error is kept as `cause`.
 *
 * Core reports a failing store operation as an `error` event and retries it with backoff; credentials it has just
 * registered stay in memory until their write succeeds, so a storage hiccup never costs a second registration.
 *
 * @example
 * ```ts
 * import { BrowserStorageError } from '@dcrflow/browser';
 * try {
 *   await store.set(value, { expectedVersion: null });
 * } catch (error) {
 *   if (BrowserStorageError.is(error)) console.warn(error.backend, error.message);
 * }
 * ```
 */
export class BrowserStorageError extends Error {
  override name = 'BrowserStorageError';
  readonly backend: BrowserStorageBackend;
  readonly operation: 'get' | 'set' | 'delete' | 'key';

  constructor(
    message: string,
    options: { backend: BrowserStorageBackend; operation: 'get' | 'set' | 'delete' | 'key'; cause?: unknown },
  ) {
    super(message, 'cause' in options ? { cause: options.cause } : undefined);
    this.backend = options.backend;
    this.operation = options.operation;
  }

  /**
   * True for a BrowserStorageError from any realm (iframe, duplicated package copy), where `instanceof` fails.
   *
   * @example
   * ```ts
   * if (BrowserStorageError.is(error)) showStorageHelp();
   * ```
   */
  static is(value: unknown): value is BrowserStorageError {
    if (value instanceof BrowserStorageError) return true;
    return (
      Object.prototype.toString.call(value) === '[object Error]' &&
      (value as { name?: unknown }).name === 'BrowserStorageError'
    );
  }
}
