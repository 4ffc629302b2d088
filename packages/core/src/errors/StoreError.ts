/**
 * A credential store call threw or broke its contract. Internal: the machine records it as `{ code: 'store' }` and
 * retries with backoff, keeping whatever credentials and token it already holds.
 */
export class StoreError extends Error {
  override name = 'StoreError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }

  static is(value: unknown): value is StoreError {
    return value instanceof Error && value.name === 'StoreError';
  }
}
