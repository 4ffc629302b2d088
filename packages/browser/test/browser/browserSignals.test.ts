import { createDcrClient, memoryStore, type PlatformSignal } from '@dcrflow/core';
import { ConfigurationError } from '@dcrflow/protocol';
import { describe, expect, it } from 'vitest';
import { browserSignals } from '../../src/index.ts';
import { sleep } from './support/fresh.ts';
import { inPageSimulator } from './support/inPageSimulator.ts';

/** Blocks the main thread, as a sleeping laptop or a frozen page would stop timers. */
function freezeFor(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // busy wait on purpose
  }
}

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

  it("reports 'wake' when the timer's tick comes far later than planned, and not while ticks are on time", async () => {
    const heard: PlatformSignal[] = [];
    const unsubscribe = browserSignals({ wakeCheckMs: 40, wakeToleranceMs: 250 }).subscribe((signal) =>
      heard.push(signal),
    );
    await sleep(300);
    expect(heard).toEqual([]);
    freezeFor(600);
    await sleep(120);
    unsubscribe();
    expect(heard).toEqual(['wake']);
  });

  it('removes every listener and its timer on unsubscribe', async () => {
    const heard: PlatformSignal[] = [];
    const unsubscribe = browserSignals({ wakeCheckMs: 20, wakeToleranceMs: 10 }).subscribe((signal) =>
      heard.push(signal),
    );
    unsubscribe();
    unsubscribe();
    window.dispatchEvent(new Event('online'));
    document.dispatchEvent(new Event('resume'));
    freezeFor(100);
    await sleep(60);
    expect(heard).toEqual([]);
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
