/**
 * The time source and timer port. Its shape matches XState's `clock` option, so the same object drives the
 * machine's `after` delays, the client's deadlines and its token arithmetic (tests pass fake timers or a simulated
 * clock).
 *
 * @example
 * ```ts
 * const clock: Clock = {
 *   now: () => Date.now(),
 *   setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
 *   clearTimeout: (id) => globalThis.clearTimeout(id as ReturnType<typeof setTimeout>),
 * };
 * ```
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  setTimeout(fn: (...args: unknown[]) => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
}
