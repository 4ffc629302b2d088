/**
 * A platform hint that deadlines may have passed unnoticed (the device slept, the tab was hidden, the network came
 * back).
 *
 * @example
 * ```ts
 * const signal: PlatformSignal = 'online';
 * ```
 */
export type PlatformSignal = 'online' | 'visible' | 'wake';

/**
 * The platform signals port: adapters forward `online` / `visibilitychange` / resume notifications, and the client
 * turns each into a `RECHECK` event that re-evaluates the token deadlines against `clock.now()` (timers are not
 * reliable across sleep) and retries a network failure at once.
 *
 * @example
 * ```ts
 * const signals: PlatformSignals = {
 *   subscribe(listener) {
 *     const onOnline = () => listener('online');
 *     globalThis.addEventListener('online', onOnline);
 *     return () => globalThis.removeEventListener('online', onOnline);
 *   },
 * };
 * ```
 */
export interface PlatformSignals {
  subscribe(listener: (signal: PlatformSignal) => void): () => void;
}
