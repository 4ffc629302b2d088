import { createTeachingRuntime } from '../src/teaching/createTeachingRuntime.ts';
import { exportRecording } from '../src/wire/exportRecording.ts';
import type { WireEvent } from '../src/wire/wireTypes.ts';

/**
 * Records a real dcrflow client (the teaching sandbox: `createDcrClient` against the in-process simulator, no mocks)
 * refreshing its token again and again until at least `minEvents` wire events were emitted — what a long session
 * really looks like (10,000 events are about 1,000 refreshes, ~2 s).
 *
 * @example
 * ```ts
 * const session = await recordLongSession(10_000);
 * await writeFile('ten-thousand.jsonl', recordingOf(session, 10_000));
 * ```
 */
export async function recordLongSession(minEvents: number): Promise<WireEvent[]> {
  const events: WireEvent[] = [];
  const runtime = createTeachingRuntime({ emit: (event) => events.push(event), sessionId: 'bench-session' });
  try {
    await runtime.startApp();
    // Every refresh adds several events, so `minEvents` cycles always suffice; the bound only stops a stuck client.
    for (let cycle = 0; cycle < minEvents && events.length < minEvents; cycle++) {
      const before = runtime.observe().stats.tokens.total;
      runtime.jumpToRefresh();
      await runtime.waitFor((o) => o.state === 'tokenValid' && o.stats.tokens.total > before, 5000);
    }
  } finally {
    runtime.dispose();
  }
  if (events.length < minEvents) {
    throw new Error(`The recorded client emitted ${events.length} wire events; at least ${minEvents} were needed.`);
  }
  return events;
}

/**
 * A JSONL recording of exactly `lines` wire events: the recording header `exportRecording` writes, then the first
 * `lines - 1` events of `session` — so the inspector reports `lines` events.
 *
 * @example
 * ```ts
 * const small = recordingOf(session, 100); // the same session's first 99 events + the header
 * ```
 */
export function recordingOf(session: readonly WireEvent[], lines: number): string {
  if (session.length < lines - 1) {
    throw new Error(`The session holds ${session.length} events; a ${lines}-line recording needs ${lines - 1}.`);
  }
  return exportRecording(session.slice(0, lines - 1));
}
