import type { PlatformSignal, PlatformSignals } from '@dcrflow/core';
import { ConfigurationError } from '@dcrflow/protocol';

/**
 * Options of {@link browserSignals}.
 *
 * @example
 * ```ts
 * const options: BrowserSignalsOptions = { wakeCheckMs: 30_000 };
 * ```
 */
export interface BrowserSignalsOptions {
  /** Period of the wake detector's timer (default 20 000 ms). `0` turns the wake detector off. */
  readonly wakeCheckMs?: number;
  /**
   * How much later than planned a tick must arrive to count as a wake (default 90 000 ms). Chrome runs the timers of
   * a long-hidden tab only once a minute, so anything shorter would report wakes that were only throttling.
   */
  readonly wakeToleranceMs?: number;
}

function assertDuration(name: string, value: unknown): void {
  if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
    throw new ConfigurationError(`browserSignals option "${name}" must be a finite number of milliseconds ≥ 0.`);
  }
}

/**
 * {@link PlatformSignals} from the browser, so the client re-checks its token deadlines when timers may have lied:
 *
 * - `'online'` — the `online` event (the network came back; a failed request is retried at once);
 * - `'visible'` — `visibilitychange` to `visible` (a background tab's timers are throttled);
 * - `'wake'` — the device slept or the page was frozen: a coarse timer whose tick arrives far later than planned
 *   (wall-clock gap > period + tolerance), the Page Lifecycle `resume` event, or a page restored from the
 *   back/forward cache (`pageshow` with `persisted`).
 *
 * Each `subscribe` adds its own listeners and timer; the returned function removes all of them.
 *
 * @example
 * ```ts
 * import { createDcrClient } from '@dcrflow/core';
 * import { browserSignals } from '@dcrflow/browser';
 * const client = createDcrClient({ baseUrl, softwareStatement, store, signals: browserSignals() });
 * ```
 */
export function browserSignals(options: BrowserSignalsOptions = {}): PlatformSignals {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigurationError('browserSignals options must be an object.');
  }
  assertDuration('wakeCheckMs', options.wakeCheckMs);
  assertDuration('wakeToleranceMs', options.wakeToleranceMs);
  const wakeCheckMs = options.wakeCheckMs ?? 20_000;
  const wakeToleranceMs = options.wakeToleranceMs ?? 90_000;

  return {
    subscribe(listener) {
      if (typeof listener !== 'function') {
        throw new ConfigurationError('browserSignals.subscribe expects a listener function.');
      }
      let active = true;
      const emit = (signal: PlatformSignal) => {
        if (!active) return;
        try {
          listener(signal);
        } catch {
          // A throwing listener must not break the browser's event dispatch or the timer.
        }
      };
      const win = globalThis as Partial<Window & typeof globalThis>;
      const doc = (globalThis as { document?: Document }).document;

      const onOnline = () => emit('online');
      const onVisibility = () => {
        if (doc?.visibilityState === 'visible') emit('visible');
      };
      const onResume = () => emit('wake');
      const onPageShow = (event: Event) => {
        if ((event as PageTransitionEvent).persisted) emit('wake');
      };
      win.addEventListener?.('online', onOnline);
      win.addEventListener?.('pageshow', onPageShow);
      doc?.addEventListener('visibilitychange', onVisibility);
      doc?.addEventListener('resume', onResume);

      let timer: ReturnType<typeof setInterval> | undefined;
      if (wakeCheckMs > 0) {
        // Wall-clock time on purpose: monotonic clocks stop while the device sleeps, Date.now() does not.
        let last = Date.now();
        timer = setInterval(() => {
          const now = Date.now();
          const gap = now - last;
          last = now;
          if (gap > wakeCheckMs + wakeToleranceMs) emit('wake');
        }, wakeCheckMs);
      }

      return () => {
        if (!active) return;
        active = false;
        win.removeEventListener?.('online', onOnline);
        win.removeEventListener?.('pageshow', onPageShow);
        doc?.removeEventListener('visibilitychange', onVisibility);
        doc?.removeEventListener('resume', onResume);
        if (timer !== undefined) clearInterval(timer);
      };
    },
  };
}
