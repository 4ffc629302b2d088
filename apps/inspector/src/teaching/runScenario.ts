import type { Observation, TeachingRuntime } from './createTeachingRuntime.ts';
import type { Scenario } from './scenarios.ts';

/** The verdict of one expectation. */
export interface ExpectationResult {
  readonly label: string;
  readonly pass: boolean;
}

/** The verdict of a scenario check. */
export interface ScenarioCheck {
  readonly pass: boolean;
  /** The state the client is in. */
  readonly state: string;
  readonly results: readonly ExpectationResult[];
}

/**
 * Checks a scenario's expectations against an observation (pure; the teaching panel shows the result as pass/fail).
 *
 * @example
 * ```ts
 * const check = checkScenario(scenario, runtime.observe());
 * check.pass; // true once the client reached the expected state the expected way
 * ```
 */
export function checkScenario(scenario: Scenario, observation: Observation): ScenarioCheck {
  const results = scenario.expectations.map((expectation) => {
    let pass = false;
    try {
      pass = expectation.test(observation);
    } catch {
      pass = false;
    }
    return { label: expectation.label, pass };
  });
  return { pass: results.every((r) => r.pass), state: observation.state, results };
}

/** Options of {@link runScenario}. */
export interface RunScenarioOptions {
  /** Called before each step, with its index. */
  readonly onStep?: (index: number) => void;
  /** How long to wait for the expectations after the last step (real ms). Default 5 s. */
  readonly settleMs?: number;
}

/**
 * Runs a scenario's steps in order against a sandbox, then waits (bounded) until its expectations hold, and returns
 * the check. Each step is announced as a `meta` wire event, so the timeline shows where it began.
 *
 * @example
 * ```ts
 * const check = await runScenario(SCENARIOS[0], createTeachingRuntime({ emit }));
 * ```
 */
export async function runScenario(
  scenario: Scenario,
  runtime: TeachingRuntime,
  options: RunScenarioOptions = {},
): Promise<ScenarioCheck> {
  runtime.note('scenario', { id: scenario.id, title: scenario.title });
  for (const [index, step] of scenario.steps.entries()) {
    options.onStep?.(index);
    runtime.note('step', { scenario: scenario.id, step: index + 1, title: step.title });
    await step.run(runtime);
  }
  const done = (o: Observation) => checkScenario(scenario, o).pass;
  await runtime.waitFor(done, options.settleMs ?? 5_000);
  const check = checkScenario(scenario, runtime.observe());
  runtime.note('check', { scenario: scenario.id, pass: check.pass, state: check.state });
  return check;
}
