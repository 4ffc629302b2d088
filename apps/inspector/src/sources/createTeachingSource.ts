import { createTeachingRuntime, type TeachingRuntime } from '../teaching/createTeachingRuntime.ts';
import { runScenario, type ScenarioCheck } from '../teaching/runScenario.ts';
import type { Scenario } from '../teaching/scenarios.ts';
import { createEventLog } from './createEventLog.ts';
import type { InspectorSource } from './InspectorSource.ts';

/** The teaching-mode source: the sandbox's wire events, plus the sandbox itself for the teaching panel. */
export interface TeachingSource extends InspectorSource {
  readonly kind: 'teaching';
  /** The current sandbox. */
  runtime(): TeachingRuntime;
  /** Replaces the sandbox with a fresh one (new simulator, empty store, empty timeline). */
  resetSandbox(): TeachingRuntime;
  /** Runs a scenario in a fresh sandbox. */
  runScenario(scenario: Scenario, onStep?: (index: number) => void): Promise<ScenarioCheck>;
}

/**
 * Creates teaching mode's source. Nothing leaves the page: the client's fetch is the in-page simulator's handler.
 *
 * @example
 * ```ts
 * const source = createTeachingSource();
 * const check = await source.runScenario(SCENARIOS[0]);
 * ```
 */
export function createTeachingSource(): TeachingSource {
  const log = createEventLog({
    status: {
      state: 'open',
      message: 'Teaching sandbox: a real dcrflow client and the DCR simulator, both in this page.',
    },
  });
  const create = () => createTeachingRuntime({ emit: (event) => log.append([event]) });
  let runtime = create();
  const resetSandbox = () => {
    runtime.dispose();
    log.clear();
    runtime = create();
    return runtime;
  };
  return {
    kind: 'teaching',
    label: 'Teaching sandbox',
    live: true,
    subscribe: log.subscribe,
    snapshot: log.snapshot,
    now: () => runtime.clock.now(),
    runtime: () => runtime,
    resetSandbox,
    runScenario(scenario, onStep) {
      const fresh = resetSandbox();
      return runScenario(scenario, fresh, onStep === undefined ? {} : { onStep });
    },
    close() {
      runtime.dispose();
      log.dispose();
    },
  };
}
