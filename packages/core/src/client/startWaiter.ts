import type { Clock } from '../ports/Clock.ts';

/** A promise with its settle functions; settling twice is a no-op. */
export interface Waiter<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

/**
 * The single flight of `getAccessToken()`: one promise every concurrent caller shares, rejected with
 * `timeoutError()` when nothing settled it within `timeoutMs` on `clock` (so a caller never hangs). `onSettled`
 * runs once, however it settles — the client forgets the waiter there, so the next call starts a new one.
 */
export function startWaiter<T>(
  clock: Clock,
  timeoutMs: number,
  timeoutError: () => unknown,
  onSettled: () => void,
): Waiter<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  const timer = clock.setTimeout(() => waiter.reject(timeoutError()), timeoutMs);
  const waiter: Waiter<T> = {
    promise,
    resolve(value) {
      clock.clearTimeout(timer);
      onSettled();
      resolve(value);
    },
    reject(error) {
      clock.clearTimeout(timer);
      onSettled();
      reject(error);
    },
  };
  return waiter;
}
