import type { Clock } from '../ports/Clock.ts';

/**
 * A {@link Clock} that only moves when told: pass it as `createDcrClient({ clock })` to drive the machine's `after`
 * delays and the client's deadlines deterministically in your own tests (refresh leads, backoff, expiry) without
 * waiting in real time.
 *
 * @example
 * ```ts
 * import { ManualClock } from '@dcrflow/core/testing';
 * const clock = new ManualClock(Date.now());
 * const client = createDcrClient({ baseUrl, softwareStatement, store: memoryStore(), clock });
 * await client.getAccessToken();
 * clock.advance(6 * 60 * 60 * 1000); // the token's refresh lead has begun: the client refreshes
 * ```
 */
export class ManualClock implements Clock {
  #now: number;
  #nextId = 1;
  readonly #timers = new Map<number, { at: number; fn: () => void }>();

  constructor(start = 1_000_000) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(fn: (...args: unknown[]) => void, ms: number): number {
    const id = this.#nextId++;
    this.#timers.set(id, { at: this.#now + Math.max(0, ms), fn: () => fn() });
    return id;
  }

  clearTimeout(id: unknown): void {
    this.#timers.delete(id as number);
  }

  /** Timers still waiting. */
  get pending(): number {
    return this.#timers.size;
  }

  /** The delay until the earliest timer, or undefined. */
  nextDelay(): number | undefined {
    let earliest: number | undefined;
    for (const timer of this.#timers.values())
      earliest = earliest === undefined ? timer.at : Math.min(earliest, timer.at);
    return earliest === undefined ? undefined : earliest - this.#now;
  }

  /** Moves time forward, firing due timers in order (including ones they schedule). */
  advance(ms: number): void {
    const target = this.#now + ms;
    for (;;) {
      let nextId: number | undefined;
      let nextAt = Number.POSITIVE_INFINITY;
      for (const [id, timer] of this.#timers) {
        if (timer.at <= target && timer.at < nextAt) {
          nextAt = timer.at;
          nextId = id;
        }
      }
      if (nextId === undefined) break;
      const timer = this.#timers.get(nextId)!;
      this.#timers.delete(nextId);
      this.#now = Math.max(this.#now, timer.at);
      timer.fn();
    }
    this.#now = target;
  }

  /** Jumps the wall clock without firing timers (a device that slept with its timers suspended). */
  jump(ms: number): void {
    this.#now += ms;
    for (const timer of this.#timers.values()) timer.at += ms;
  }
}
