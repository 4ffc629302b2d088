import { TransportError } from '@dcrflow/protocol';

/**
 * A Redis command of the Redis store or coordinator got no answer: the server is unreachable, the connection broke,
 * or the command did not complete within `commandTimeoutMs`. Retryable; a dcrflow client keeps what it holds and
 * retries with backoff. The message names the operation and the server (without its password).
 *
 * @example
 * ```ts
 * import { RedisUnavailableError } from '@dcrflow/node';
 * try {
 *   await store.get();
 * } catch (error) {
 *   if (RedisUnavailableError.is(error)) console.warn('Redis is down:', error.message);
 * }
 * ```
 */
export class RedisUnavailableError extends TransportError {
  override name = 'RedisUnavailableError';

  constructor(message: string, reason: 'network' | 'timeout', options?: { cause?: unknown }) {
    super(message, { reason, endpoint: 'redis' }, options);
  }

  /**
   * True for a RedisUnavailableError from any realm.
   *
   * @example
   * ```ts
   * if (RedisUnavailableError.is(error)) metrics.increment('redis.unavailable');
   * ```
   */
  static override is(value: unknown): value is RedisUnavailableError {
    return TransportError.is(value) && value.name === 'RedisUnavailableError';
  }
}
