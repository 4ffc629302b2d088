import type { Clock } from '../ports/Clock.ts';

/**
 * The default {@link Clock}: `Date.now` and the global timers, looked up on every call so test fake timers installed
 * after the client was created still apply.
 *
 * @example
 * ```ts
 * const client = createDcrClient({ baseUrl, softwareStatement, store, clock: systemClock });
 * ```
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (id) => globalThis.clearTimeout(id as ReturnType<typeof globalThis.setTimeout>),
};
