import { createDcrClient, memoryStore, type PlatformSignal } from '@dcrflow/core';
import { ConfigurationError } from '@dcrflow/protocol';
import { describe, expect, it, vi } from 'vitest';
import { browserSignals } from '../../src/index.ts';
import { inPageSimulator } from './support/inPageSimulator.ts';

async function withVisibility<T>(state: DocumentVisibilityState, run: () => T): Promise<T> {
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
  try {
    return run();
  } finally {
    delete (document as { visibilityState?: unknown }).visibilityState;
  }
}

describe('browserSignals', () => {
  it("reports 'online' and 'visible' from the window and document events", async () => {
    const heard: PlatformSignal[] = [];
    const unsubscribe = browserSignals({ wakeCheckMs: 0 }).subscribe((signal) => heard.push(signal));
    window.dispatchEvent(new Event('online'));
    window.dispatchEvent(new Event('offline'));
    await withVisibility('hidden', () => document.dispatchEvent(new Event('visibilitychange')));
    await withVisibility('visible', () => document.dispatchEvent(new Event('visibilitychange')));
    unsubscribe();
    expect(heard).toEqual(['online', 'visible']);
  });

  it("reports 'wake' for a page resumed from freeze or restored from the back/forward cache", () => {
    const heard: PlatformSignal[] = [];
    const unsubscribe = browserSignals({ wakeCheckMs: 0 }).subscribe((signal) => heard.push(signal));
    document.dispatchEvent(new Event('resume'));
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: false }));
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    unsubscribe();
    expect(heard).toEqual(['wake', 'wake']);
  });

  // The wake check compares Date.now() across setInterval ticks. Fake timers own both, so a frozen page is a jump of
  // the wall clock with no tick in between (vi.setSystemTime) — not a 600 ms busy-wait racing a 40 ms tick on a
  // loaded machine, where an ordinary late tick could pass for a wake.
  it("reports 'wake' when the timer's tick comes far later than planned, and not while ticks are on time", () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    try {
      const heard: PlatformSignal[] = [];
      const unsubscribe = browserSignals({ wakeCheckMs: 40, wakeToleranceMs: 250 }).subscribe((signal) =>
        heard.push(signal),
      );
      vi.advanceTimersByTime(400); // ten ticks, each on time
      expect(heard).toEqual([]);
      vi.setSystemTime(Date.now() + 250); // frozen: the wall clock moved, no tick ran (gap 40 + 250: not yet a wake)
      vi.advanceTimersByTime(40);
      expect(heard).toEqual([]);
      vi.setSystemTime(Date.now() + 600); // frozen longer: the next tick comes 640 ms after the last one
      vi.advanceTimersByTime(40);
      expect(heard).toEqual(['wake']);
      vi.advanceTimersByTime(400); // back on time: no more wakes
      unsubscribe();
      expect(heard).toEqual(['wake']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('removes every listener and its timer on unsubscribe', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    try {
      const heard: PlatformSignal[] = [];
      const unsubscribe = browserSignals({ wakeCheckMs: 20, wakeToleranceMs: 10 }).subscribe((signal) =>
        heard.push(signal),
      );
      expect(vi.getTimerCount()).toBe(1);
      unsubscribe();
      unsubscribe();
      expect(vi.getTimerCount()).toBe(0);
      window.dispatchEvent(new Event('online'));
      document.dispatchEvent(new Event('resume'));
      vi.setSystemTime(Date.now() + 100);
      vi.advanceTimersByTime(60);
      expect(heard).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps working when a listener throws', () => {
    let calls = 0;
    const unsubscribe = browserSignals({ wakeCheckMs: 0 }).subscribe(() => {
      calls += 1;
      throw new Error('listener bug');
    });
    window.dispatchEvent(new Event('online'));
    window.dispatchEvent(new Event('online'));
    unsubscribe();
    expect(calls).toBe(2);
  });

  it('reaches a client as RECHECK events', async () => {
    const { baseUrl, softwareStatement, fetch } = await inPageSimulator();
    const rechecks: string[] = [];
    const client = createDcrClient({
      baseUrl,
      softwareStatement,
      fetch,
      store: memoryStore(),
      signals: browserSignals({ wakeCheckMs: 0 }),
      inspect: (event) => {
        if (event.type === '@xstate.event' && event.event.type === 'RECHECK') rechecks.push(event.event.signal);
      },
    });
    await client.getAccessToken();
    window.dispatchEvent(new Event('online'));
    document.dispatchEvent(new Event('resume'));
    expect(rechecks).toEqual(['online', 'wake']);
    expect(client.state).toBe('tokenValid');
    client.stop();
    window.dispatchEvent(new Event('online'));
    expect(rechecks).toEqual(['online', 'wake']);
  });

  it('rejects bad options with a ConfigurationError', () => {
    expect(() => browserSignals({ wakeCheckMs: -1 })).toThrow(
      'browserSignals option "wakeCheckMs" must be a finite number of milliseconds ≥ 0.',
    );
    expect(() => browserSignals({ wakeToleranceMs: Number.NaN })).toThrow(ConfigurationError);
    expect(() => browserSignals().subscribe(null as never)).toThrow(ConfigurationError);
  });
});
