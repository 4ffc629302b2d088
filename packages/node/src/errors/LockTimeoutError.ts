import { TransportError } from '@dcrflow/protocol';

/**
 * A coordinator could not obtain its cross-process lock within `acquireTimeoutMs`: another process holds it and keeps
 * renewing it (a long request), or it is stuck. The caller never waits forever; a dcrflow client retries with backoff,
 * re-reading the shared store first. A crashed holder's lock expires on its own after `lockTtlMs`.
 *
 * @example
 * ```ts
 * import { LockTimeoutError } from '@dcrflow/node';
 * try {
 *   await coordinator.withLock('dcrflow', task);
 * } catch (error) {
 *   if (LockTimeoutError.is(error)) console.warn(`waited ${error.waitedMs} ms for ${error.lockName}`);
 * }
 * ```
 */
export class LockTimeoutError extends TransportError {
  override name = 'LockTimeoutError';
  /** The lock name passed to `withLock`. */
  readonly lockName: string;
  /** How long the caller waited (ms). */
  readonly waitedMs: number;

  constructor(message: string, details: { lockName: string; waitedMs: number }, options?: { cause?: unknown }) {
    super(message, { reason: 'timeout', endpoint: 'lock' }, options);
    this.lockName = details.lockName;
    this.waitedMs = details.waitedMs;
  }

  /**
   * True for a LockTimeoutError from any realm.
   *
   * @example
   * ```ts
   * if (LockTimeoutError.is(error)) retryLater();
   * ```
   */
  static override is(value: unknown): value is LockTimeoutError {
    return TransportError.is(value) && value.name === 'LockTimeoutError';
  }

  protected override details(): Record<string, unknown> {
    return { ...super.details(), lockName: this.lockName, waitedMs: this.waitedMs };
  }
}
