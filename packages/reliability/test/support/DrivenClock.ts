import type { Clock, PlatformSignal, PlatformSignals } from '@dcrflow/core';

/**
 * Real time plus an offset the test moves forward, with real timers. Moving it forward and sending a `wake` signal is
 * what a device does after a sleep: the client re-checks its deadlines at once (a token refresh becomes due) while
 * every backoff still waits in real time — so throttling rules, which the simulator checks in real time, stay honest.
 */
export class DrivenClock implements Clock, PlatformSignals {
  #offset = 0;
  readonly #listeners = new Set<(signal: PlatformSignal) => void>();

  now(): number {
    return Date.now() + this.#offset;
  }

  setTimeout(fn: (...args: unknown[]) => void, ms: number): unknown {
    return globalThis.setTimeout(fn, ms);
  }

  clearTimeout(id: unknown): void {
    globalThis.clearTimeout(id as ReturnType<typeof setTimeout>);
  }

  subscribe(listener: (signal: PlatformSignal) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Jumps the clock to `at` (never backwards) and tells the client it woke up. */
  jumpTo(at: number): void {
    this.#offset += Math.max(0, at - this.now());
    for (const listener of [...this.#listeners]) listener('wake');
  }
}
