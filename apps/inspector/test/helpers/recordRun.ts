import { createTeachingRuntime, type TeachingRuntime } from '../../src/teaching/createTeachingRuntime.ts';
import type { WireEvent } from '../../src/wire/wireTypes.ts';

/** A real client run against the in-process simulator, recorded as wire events. */
export interface RecordedRun {
  readonly events: WireEvent[];
  readonly runtime: TeachingRuntime;
}

/**
 * Records a real dcrflow client (the teaching sandbox: createDcrClient + createSimulator, no mocks) doing `script`.
 * The caller disposes `runtime`.
 */
export async function recordRun(
  script: (runtime: TeachingRuntime, events: readonly WireEvent[]) => Promise<void>,
): Promise<RecordedRun> {
  const events: WireEvent[] = [];
  const runtime = createTeachingRuntime({ emit: (event) => events.push(event), sessionId: 'test-session' });
  await script(runtime, events);
  return { events, runtime };
}

/** First run, then one proactive refresh. */
export async function firstRunAndRefresh(runtime: TeachingRuntime): Promise<void> {
  await runtime.startApp();
  const before = runtime.observe().stats.tokens.total;
  runtime.jumpToRefresh();
  await runtime.waitFor((o) => o.state === 'tokenValid' && o.stats.tokens.total > before, 5_000);
}
