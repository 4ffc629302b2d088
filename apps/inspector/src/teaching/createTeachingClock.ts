import type { Clock } from '@dcrflow/core';

/** A {@link Clock} that runs in real time and can jump forward. */
export interface TeachingClock extends Clock {
  /** Moves simulated time forward by `ms`, firing every timer that falls due, in order. */
  advance(ms: number): void;
  /** Timers waiting to fire. */
  pending(): number;
  /** Cancels every timer. */
  dispose(): void;
}

interface Timer {
  readonly id: number;
  readonly due: number;
  readonly fn: () => void;
  handle: ReturnType<typeof setTimeout> | null;
}

/** A runaway timer chain (a timer that schedules a due timer forever) stops here instead of hanging the page. */
const MAX_FIRED_PER_ADVANCE = 10_000;

/**
 * The teaching sandbox's clock: real time plus an offset, so backoff waits play out visibly while "advance clock"
 * and "expire token" jump hours ahead. The same clock drives the dcrflow client (its `clock` option, hence XState's
 * `after` timers) and the in-page simulator (`now`), so client and server always agree on the time.
 *
 * @example
 * ```ts
 * const clock = createTeachingClock();
 * clock.setTimeout(() => console.log('refresh'), 3_300_000);
 * clock.advance(3_300_000); // logs 'refresh' now
 * ```
 */
export function createTeachingClock(realNow: () => number = () => Date.now()): TeachingClock {
  let offset = 0;
  let nextId = 1;
  const timers = new Map<number, Timer>();
  const now = () => realNow() + offset;

  const fire = (timer: Timer) => {
    if (!timers.delete(timer.id)) return;
    if (timer.handle !== null) clearTimeout(timer.handle);
    timer.fn();
  };
  const arm = (timer: Timer) => {
    if (timer.handle !== null) clearTimeout(timer.handle);
    timer.handle = setTimeout(() => fire(timer), Math.max(0, timer.due - now()));
  };

  return {
    now,
    setTimeout(fn, ms) {
      const delay = Number.isFinite(ms) ? Math.max(0, ms) : 0;
      const timer: Timer = { id: nextId++, due: now() + delay, fn: fn as () => void, handle: null };
      timers.set(timer.id, timer);
      arm(timer);
      return timer.id;
    },
    clearTimeout(id) {
      const timer = timers.get(id as number);
      if (timer === undefined) return;
      timers.delete(timer.id);
      if (timer.handle !== null) clearTimeout(timer.handle);
    },
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0)
        throw new RangeError('The clock only moves forward by a finite number of ms.');
      offset += ms;
      for (let fired = 0; fired < MAX_FIRED_PER_ADVANCE; fired++) {
        let earliest: Timer | undefined;
        for (const timer of timers.values()) {
          if (timer.due <= now() && (earliest === undefined || timer.due < earliest.due)) earliest = timer;
        }
        if (earliest === undefined) break;
        fire(earliest);
      }
      for (const timer of timers.values()) arm(timer);
    },
    pending: () => timers.size,
    dispose() {
      for (const timer of timers.values()) if (timer.handle !== null) clearTimeout(timer.handle);
      timers.clear();
    },
  };
}
