import type { FaultSpec } from '@dcrflow/simulator';
import { useEffect, useState } from 'react';
import { formatDateTime } from '../model/formatDuration.ts';
import type { TeachingSource } from '../sources/createTeachingSource.ts';
import { checkScenario, type ScenarioCheck } from '../teaching/runScenario.ts';
import { SCENARIOS, type Scenario } from '../teaching/scenarios.ts';

type RunState =
  | { readonly status: 'idle' }
  | { readonly status: 'running'; readonly step: number }
  | { readonly status: 'done'; readonly check: ScenarioCheck };

/** Props of {@link TeachingPanel}. */
export interface TeachingPanelProps {
  readonly source: TeachingSource;
  readonly initialScenario: string | null;
  /** Called when a scenario run ends with "step through" on: the app then walks the run transition by transition. */
  readonly onStepThrough?: () => void;
  /** Called when a scenario run starts (ends a guided walk of the previous run). */
  readonly onRunStart?: () => void;
}

const FAULTS: Record<string, { label: string; spec: Omit<FaultSpec, 'endpoint' | 'count'> }> = {
  error: { label: '503 server error', spec: { kind: 'error', status: 503 } },
  throttle: { label: '429 throttled', spec: { kind: 'throttle' } },
  reset: { label: 'connection reset', spec: { kind: 'reset' } },
  malformed: { label: 'malformed body', spec: { kind: 'malformed' } },
};

function useSandboxClock(source: TeachingSource): number {
  const [now, setNow] = useState(() => source.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(source.now()), 1000);
    return () => clearInterval(timer);
  }, [source]);
  return now;
}

function verdictText(state: RunState | undefined): { text: string; className: string } | null {
  if (state === undefined || state.status === 'idle') return null;
  if (state.status === 'running') return { text: 'running…', className: 'verdict--running' };
  return state.check.pass
    ? { text: '✓ pass', className: 'verdict--pass' }
    : { text: '✗ fail', className: 'verdict--fail' };
}

/**
 * Teaching mode's side panel: the scenario list (one per DCR FAQ rule) with explanation, steps and a pass/fail check
 * of the expected state, and the sandbox controls (clock, expire token, lose credentials, revoke statement, faults).
 */
export function TeachingPanel({ source, initialScenario, onStepThrough, onRunStart }: TeachingPanelProps) {
  const [stepThrough, setStepThrough] = useState(false);
  const [selectedId, setSelectedId] = useState(
    SCENARIOS.some((s) => s.id === initialScenario) ? initialScenario! : SCENARIOS[0]!.id,
  );
  const [runs, setRuns] = useState<Record<string, RunState>>({});
  const [faultKind, setFaultKind] = useState('error');
  const [faultEndpoint, setFaultEndpoint] = useState<'token' | 'register' | 'api'>('token');
  const [faultCount, setFaultCount] = useState(1);
  const [message, setMessage] = useState('');
  const now = useSandboxClock(source);
  const scenario = SCENARIOS.find((s) => s.id === selectedId) ?? SCENARIOS[0]!;
  const run = runs[scenario.id];
  const busy = Object.values(runs).some((r) => r.status === 'running');

  const start = async (target: Scenario) => {
    setSelectedId(target.id);
    onRunStart?.();
    setRuns((all) => ({ ...all, [target.id]: { status: 'running', step: 0 } }));
    const check = await source.runScenario(target, (step) =>
      setRuns((all) => ({ ...all, [target.id]: { status: 'running', step } })),
    );
    setRuns((all) => ({ ...all, [target.id]: { status: 'done', check } }));
    // A scenario runs in a fraction of a second on the simulated clock: step mode replays it one transition at a time.
    if (stepThrough) onStepThrough?.();
  };

  const act = (text: string, action: () => unknown) => {
    try {
      const result = action();
      setMessage(
        result === false ? `${text}: nothing to do (no credentials or token yet — start the app).` : `${text}.`,
      );
      source.runtime().note('control', { action: text });
    } catch (error) {
      setMessage(`${text} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  return (
    <aside className="teaching" aria-label="Teaching mode">
      <section className="panel">
        <h2 className="panel__title">Scenarios · DCR FAQ</h2>
        <ul className="scenarios">
          {SCENARIOS.map((s) => {
            const verdict = verdictText(runs[s.id]);
            return (
              <li key={s.id}>
                <button
                  type="button"
                  className="scenario-button"
                  aria-current={s.id === scenario.id}
                  onClick={() => setSelectedId(s.id)}
                  data-scenario={s.id}
                >
                  {s.title}
                  {verdict === null ? null : (
                    <span className={`scenario-button__verdict ${verdict.className}`} data-testid={`verdict-${s.id}`}>
                      {verdict.text}
                    </span>
                  )}
                </button>
              </li>
            );
          })}
        </ul>
      </section>

      <section className="panel scenario-detail" aria-labelledby="scenario-title" data-testid="scenario-detail">
        <h3 id="scenario-title">{scenario.title}</h3>
        <p className="rule">{scenario.rule}</p>
        <div className="controls__row">
          <button
            type="button"
            className="btn btn--primary"
            onClick={() => void start(scenario)}
            disabled={busy}
            data-testid="run-scenario"
          >
            {run?.status === 'running' ? 'Running…' : 'Run scenario'}
          </button>
          <label className="step-through">
            <input
              type="checkbox"
              checked={stepThrough}
              data-testid="step-through"
              onChange={(event) => setStepThrough(event.target.checked)}
            />
            step by step
          </label>
          <button
            type="button"
            className="btn"
            disabled={busy}
            onClick={() =>
              setRuns((all) => ({
                ...all,
                [scenario.id]: { status: 'done', check: checkScenario(scenario, source.runtime().observe()) },
              }))
            }
          >
            Check now
          </button>
        </div>
        {run?.status === 'done' ? (
          <div aria-live="polite">
            <div
              className={`verdict-banner verdict-banner--${run.check.pass ? 'pass' : 'fail'}`}
              data-testid="scenario-verdict"
              data-pass={run.check.pass ? 'true' : 'false'}
            >
              {run.check.pass ? 'Pass' : 'Fail'}: the client is in {run.check.state || 'no state'} (expected{' '}
              {scenario.expectedState}).
            </div>
            <ul className="checks">
              {run.check.results.map((result) => (
                <li key={result.label} className={result.pass ? 'check--pass' : 'check--fail'}>
                  {result.label}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <p className="explanation">{scenario.explanation}</p>
        <p className="source-link">
          Source:{' '}
          <a href={scenario.source.url} target="_blank" rel="noreferrer" data-testid="scenario-citation">
            {scenario.source.title}
          </a>
          {scenario.faqRule === null ? null : (
            <>
              {' '}
              · <span data-testid="faq-rule">FAQ rule {scenario.faqRule}</span> (docs/teaching.md)
            </>
          )}{' '}
          · expected end state <code>{scenario.expectedState}</code>
        </p>
        <ol className="steps">
          {scenario.steps.map((step, index) => (
            <li
              key={step.title + String(index)}
              aria-current={run?.status === 'running' && run.step === index ? 'step' : undefined}
            >
              {step.title}
            </li>
          ))}
        </ol>
      </section>

      <section className="panel controls" aria-labelledby="controls-title">
        <h2 className="panel__title" id="controls-title">
          Sandbox controls
        </h2>
        <p className="clock" data-testid="sandbox-clock">
          Sandbox clock: {formatDateTime(now)}
        </p>
        <fieldset className="controls__row" aria-label="App">
          <button
            type="button"
            className="btn btn--small"
            disabled={busy}
            onClick={() => act('Start the app', () => void source.runtime().startApp())}
          >
            Start app
          </button>
          <button
            type="button"
            className="btn btn--small"
            disabled={busy}
            onClick={() => act('Restart the app', () => void source.runtime().restartApp())}
          >
            Restart app
          </button>
          <button
            type="button"
            className="btn btn--small"
            disabled={busy}
            onClick={() => act('Call the API', () => void source.runtime().callApi())}
          >
            Call API
          </button>
          <button
            type="button"
            className="btn btn--small"
            disabled={busy}
            onClick={() => {
              source.resetSandbox();
              setMessage('Fresh sandbox: empty store, new simulator.');
            }}
          >
            Reset sandbox
          </button>
        </fieldset>
        <fieldset className="controls__row" aria-label="Advance clock">
          <span className="controls__note">Advance clock</span>
          {[
            ['+1 min', 60],
            ['+10 min', 600],
            ['+1 h', 3600],
          ].map(([label, seconds]) => (
            <button
              key={label}
              type="button"
              className="btn btn--small"
              disabled={busy}
              onClick={() => act(`Advance the clock ${label}`, () => source.runtime().advanceClock(seconds as number))}
            >
              {label}
            </button>
          ))}
        </fieldset>
        <fieldset className="controls__row" aria-label="Lifecycle events">
          <button
            type="button"
            className="btn btn--small"
            disabled={busy}
            onClick={() => act('Jump to the refresh lead', () => source.runtime().jumpToRefresh())}
          >
            Refresh lead
          </button>
          <button
            type="button"
            className="btn btn--small"
            disabled={busy}
            onClick={() => act('Expire the token', () => source.runtime().expireToken())}
          >
            Expire token
          </button>
          <button
            type="button"
            className="btn btn--small"
            disabled={busy}
            onClick={() => act('Lose the credentials', () => source.runtime().loseCredentials())}
          >
            Lose credentials
          </button>
          <button
            type="button"
            className="btn btn--small"
            disabled={busy}
            onClick={() => act('Revoke the statement', () => void source.runtime().revokeStatement())}
          >
            Revoke statement
          </button>
        </fieldset>
        <fieldset className="controls__row" aria-label="Inject a fault">
          <label>
            Fault{' '}
            <select
              aria-label="Fault to inject"
              value={faultKind}
              onChange={(event) => setFaultKind(event.target.value)}
            >
              {Object.entries(FAULTS).map(([value, fault]) => (
                <option key={value} value={value}>
                  {fault.label}
                </option>
              ))}
            </select>
          </label>
          <label>
            on{' '}
            <select
              aria-label="Endpoint to fault"
              value={faultEndpoint}
              onChange={(event) => setFaultEndpoint(event.target.value as 'token' | 'register' | 'api')}
            >
              <option value="token">token</option>
              <option value="register">register</option>
              <option value="api">API</option>
            </select>
          </label>
          <label>
            ×{' '}
            <select
              aria-label="Number of requests to fault"
              value={faultCount}
              onChange={(event) => setFaultCount(Number(event.target.value))}
            >
              {[1, 2, 3, 5].map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className="btn btn--small"
            disabled={busy}
            onClick={() =>
              act(`Inject ${FAULTS[faultKind]!.label} on ${faultEndpoint} ×${faultCount}`, () =>
                source
                  .runtime()
                  .injectFault({ ...FAULTS[faultKind]!.spec, endpoint: faultEndpoint, count: faultCount }),
              )
            }
          >
            Inject
          </button>
        </fieldset>
        <p className="controls__note" aria-live="polite" data-testid="control-message">
          {message}
        </p>
      </section>
    </aside>
  );
}
