/**
 * The file store could not read or write its file for an operational reason that may pass (disk full, I/O error,
 * too many open files, the cross-process lock stayed busy). Permission and path mistakes are `ConfigurationError`s
 * instead, because retrying will not fix them. A dcrflow client treats either as a store failure: it keeps the
 * credentials and token it holds and retries with backoff.
 *
 * @example
 * ```ts
 * import { FileStoreError } from '@dcrflow/node';
 * try {
 *   await store.set(value, { expectedVersion: 3 });
 * } catch (error) {
 *   if (FileStoreError.is(error)) console.warn(error.reason, error.message);
 * }
 * ```
 */
export class FileStoreError extends Error {
  override name = 'FileStoreError';
  /** The Node error code (`ENOSPC`, `EIO`, ...) or `'lock_timeout'`. */
  readonly reason: string;
  /** The credential file concerned. */
  readonly path: string;

  constructor(message: string, details: { reason: string; path: string }, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = details.reason;
    this.path = details.path;
  }

  /**
   * True for a FileStoreError, also from another realm or a duplicated copy of this package.
   *
   * @example
   * ```ts
   * if (FileStoreError.is(error) && error.reason === 'ENOSPC') alertOps('disk full');
   * ```
   */
  static is(value: unknown): value is FileStoreError {
    if (value instanceof FileStoreError) return true;
    if (Object.prototype.toString.call(value) !== '[object Error]') return false;
    const candidate = value as { name?: unknown; reason?: unknown; path?: unknown };
    return (
      candidate.name === 'FileStoreError' && typeof candidate.reason === 'string' && typeof candidate.path === 'string'
    );
  }
}
