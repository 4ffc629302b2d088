import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTeachingClock } from '../src/teaching/createTeachingClock.ts';
import {
  createTeachingRuntime,
  type Observation,
  type TeachingRuntime,
} from '../src/teaching/createTeachingRuntime.ts';
import { checkScenario, runScenario } from '../src/teaching/runScenario.ts';
import { SCENARIOS } from '../src/teaching/scenarios.ts';
import type { WireEvent } from '../src/wire/wireTypes.ts';

const runtimes: TeachingRuntime[] = [];
const sandbox = (events: WireEvent[] = []) => {
  const runtime = createTeachingRuntime({ emit: (event) => events.push(event) });
  runtimes.push(runtime);
  return runtime;
};
afterEach(() => {
  for (const runtime of runtimes.splice(0)) runtime.dispose();
  vi.useRealTimers();
});

describe('teaching scenarios (real client, in-process simulator)', () => {
  it('has one scenario per DCR FAQ rule the issue lists', () => {
    expect(SCENARIOS.map((s) => s.id)).toEqual([
      'first-run',
      'warm-start',
      'token-refresh',
      'many-refreshes',
      'credentials-lost',
      'statement-revoked',
      'throttled',
      'server-errors',
    ]);
    for (const scenario of SCENARIOS) {
      expect(scenario.explanation.length).toBeGreaterThan(40);
      expect(scenario.source.url).toMatch(/^https:\/\/experienceleague\.adobe\.com\//);
      expect(scenario.expectations.some((e) => e.label === `The client ends in ${scenario.expectedState}.`)).toBe(true);
    }
  });

  it.each(SCENARIOS.map((s) => [s.id, s] as const))(
    '%s reaches its expected state and passes its check',
    async (_id, scenario) => {
      const runtime = sandbox();
      const check = await runScenario(scenario, runtime);
      expect(check.results.filter((r) => !r.pass)).toEqual([]);
      expect(check.pass).toBe(true);
      expect(check.state).toBe(scenario.expectedState);
    },
  );

  it('checks can fail: each observation passes its own scenario only', async () => {
    const observations = new Map<string, Observation>();
    for (const id of ['first-run', 'warm-start', 'credentials-lost', 'statement-revoked']) {
      const runtime = sandbox();
      await runScenario(SCENARIOS.find((s) => s.id === id)!, runtime);
      observations.set(id, runtime.observe());
    }
    for (const [observed, observation] of observations) {
      for (const id of observations.keys()) {
        const scenario = SCENARIOS.find((s) => s.id === id)!;
        expect(checkScenario(scenario, observation).pass, `${id} judged on the ${observed} run`).toBe(id === observed);
      }
    }
  });

  it('treats a throwing expectation as a failure', () => {
    const scenario = {
      ...SCENARIOS[0]!,
      expectations: [
        {
          label: 'boom',
          test: () => {
            throw new Error('x');
          },
        },
      ],
    };
    const runtime = sandbox();
    expect(checkScenario(scenario, runtime.observe())).toEqual({
      pass: false,
      state: '',
      results: [{ label: 'boom', pass: false }],
    });
  });

  it('announces scenario, steps and verdict as meta wire events', async () => {
    const events: WireEvent[] = [];
    await runScenario(SCENARIOS[0]!, sandbox(events));
    const notes = events
      .filter((e) => e.kind === 'meta' && e.label !== 'http')
      .map((e) => (e.kind === 'meta' ? e.label : ''));
    expect(notes).toEqual(['scenario', 'step', 'mark', 'step', 'check']);
    // The sandbox's requests are recorded too (the HTTP lane): register and token.
    expect(events.filter((e) => e.kind === 'meta' && e.label === 'http')).toHaveLength(2);
  });
});

describe('teaching runtime', () => {
  it('never puts a secret it holds on the wire', async () => {
    const events: WireEvent[] = [];
    const runtime = sandbox(events);
    await runScenario(SCENARIOS.find((s) => s.id === 'credentials-lost')!, runtime);
    const secrets = runtime.secrets();
    // The statement, two client secrets and several access tokens.
    expect(secrets.length).toBeGreaterThanOrEqual(4);
    const wire = JSON.stringify(events);
    for (const secret of secrets) expect(wire).not.toContain(secret);
  });

  it('controls report when there is nothing to act on yet', () => {
    const runtime = sandbox();
    expect(runtime.jumpToRefresh()).toBe(false);
    expect(runtime.expireToken()).toBe(false);
    expect(runtime.loseCredentials()).toBe(false);
  });

  it('expiring the token moves client and server clocks together and refreshes', async () => {
    const runtime = sandbox();
    await runtime.startApp();
    const before = runtime.clock.now();
    runtime.mark('expire');
    expect(runtime.expireToken()).toBe(true);
    expect(runtime.clock.now() - before).toBeGreaterThanOrEqual(3_600_000);
    expect(Math.abs(runtime.simulator.now() - runtime.clock.now())).toBeLessThan(1000);
    expect(await runtime.waitFor((o) => o.state === 'tokenValid' && o.stats.tokens.total === 2, 5000)).toBe(true);
    expect(runtime.observe().visited).toContain('expiring.refreshing');
  });

  it('waitFor gives up after its timeout', async () => {
    const runtime = sandbox();
    expect(await runtime.waitFor(() => false, 20)).toBe(false);
  });
});

describe('teaching clock', () => {
  it('fires timers in due order when advanced, and leaves later ones pending', () => {
    let real = 1000;
    const clock = createTeachingClock(() => real);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('b'), 2000);
    clock.setTimeout(() => fired.push('a'), 1000);
    const late = clock.setTimeout(() => fired.push('late'), 10_000);
    clock.advance(5000);
    expect(fired).toEqual(['a', 'b']);
    expect(clock.now()).toBe(6000);
    expect(clock.pending()).toBe(1);
    clock.clearTimeout(late);
    expect(clock.pending()).toBe(0);
    real += 1;
    expect(clock.now()).toBe(6001);
    clock.dispose();
  });

  it('fires timers that firing timers schedule when they are already due, counting from after the jump', () => {
    const clock = createTeachingClock(() => 0);
    const fired: string[] = [];
    clock.setTimeout(() => {
      fired.push(`first@${clock.now()}`);
      clock.setTimeout(() => fired.push(`due@${clock.now()}`), 0);
      clock.setTimeout(() => fired.push('later'), 100);
    }, 100);
    clock.advance(1000);
    expect(fired).toEqual(['first@1000', 'due@1000']);
    expect(clock.pending()).toBe(1);
    clock.dispose();
  });

  it('runs timers in real time too', async () => {
    vi.useFakeTimers();
    const clock = createTeachingClock(() => Date.now());
    const fired = vi.fn();
    clock.setTimeout(fired, 500);
    vi.advanceTimersByTime(499);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fired).toHaveBeenCalledOnce();
    clock.dispose();
  });

  it('refuses to go backwards', () => {
    const clock = createTeachingClock();
    expect(() => clock.advance(-1)).toThrow(RangeError);
    clock.dispose();
  });
});
