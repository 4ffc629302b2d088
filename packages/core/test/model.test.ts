import { describe, expect, it } from 'vitest';
import { type AnyTransitionDefinition, createActor, type InspectionEvent } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { chartEdges, nodePath, stateNodes } from '../scripts/machineGraph.ts';
import { type DcrEvent, type DcrLifecycleSnapshot, type DcrMachineInput, dcrLifecycleMachine } from '../src/index.ts';
import { ManualClock } from '../src/testing/ManualClock.ts';
import { credentials, failure, otherCredentials, tokenAt } from './support/fixtures.ts';

// Model-based test: xstate/graph walks the machine with an explicit list of the named events its actors and
// timers produce; every shortest path, extended by every event, is replayed on a real actor and the transitions it
// takes are recorded through inspection. The union must visit every state node and take every transition
// definition of the chart (each `on`, `after` and `always` edge, each guarded branch separately).

const token = tokenAt(0);
const after = (delay: string, id: string) => ({ type: `xstate.after.${delay}.${id}` }) as unknown as DcrEvent;

const EVENTS: DcrEvent[] = [
  { type: 'STORE.LOADED', at: 0, credentials, token },
  { type: 'STORE.LOADED', at: 0, credentials, token: null },
  { type: 'STORE.EMPTY', at: 0 },
  { type: 'STORE.LOST', at: 0 },
  { type: 'STORE.CORRUPT', at: 0, error: { code: 'store_corrupt', message: 'Unreadable.' } },
  failure('STORE.FAILED', 'transient'),
  { type: 'REGISTER.SUCCEEDED', at: 0, credentials, source: 'server' },
  failure('REGISTER.FAILED', 'revoked'),
  failure('REGISTER.FAILED', 'transient'),
  { type: 'TOKEN.SUCCEEDED', at: 0, token, credentials: null, warning: null },
  { type: 'TOKEN.SUCCEEDED', at: 0, token, credentials: otherCredentials, warning: null },
  { type: 'STORE.TOKEN_FOUND', at: 0, token, credentials: null },
  { type: 'STORE.TOKEN_FOUND', at: 0, token, credentials: otherCredentials },
  failure('TOKEN.FAILED', 'credentials'),
  failure('TOKEN.FAILED', 'revoked'),
  failure('TOKEN.FAILED', 'transient'),
  // A 429 late in the refresh lead: its ≥ 1 s wait outlasts the token (retryPending on leaving expiring).
  failure('TOKEN.FAILED', 'throttled', 9_500, { retryAfterMs: 2_000 }),
  { type: 'LOSS.RECORDED', at: 0, warning: null },
  { type: 'TOKEN.REJECTED', at: 0, fingerprint: token.fingerprint },
  { type: 'CREDENTIALS.REJECTED', at: 0, clientId: credentials.clientId },
  { type: 'STATEMENT.UPDATED', at: 0 },
  { type: 'RECHECK', at: 1_000, signal: 'online' },
  { type: 'RECHECK', at: 9_000, signal: 'visible' },
  { type: 'RECHECK', at: 10_500, signal: 'wake' },
  { type: 'RECHECK', at: 20_000, signal: 'wake' },
  { type: 'RESET', at: 0 },
  { type: 'STORE.CHANGED', at: 0, change: 'stored' },
  { type: 'STORE.CHANGED', at: 0, change: 'deleted' },
  after('retryDelay', 'dcr.loading.backoff'),
  after('retryDelay', 'dcr.registering.backoff'),
  after('retryDelay', 'dcr.registered.backoff'),
  after('retryDelay', 'dcr.expiring.backoff'),
  after('refreshAt', 'dcr.tokenValid'),
  after('hardExpiry', 'dcr.expiring'),
];

// Only what guards read distinguishes two snapshots; timestamps and counters would make the graph infinite.
const serializeState = (snapshot: DcrLifecycleSnapshot) => {
  const { context } = snapshot;
  return JSON.stringify({
    value: snapshot.value,
    clientId: context.clientId,
    token: context.token?.fingerprint ?? null,
    pending: context.reauthenticationPending,
    statement: context.hasSoftwareStatement,
    error: context.error?.code ?? null,
    blocked: context.blocked,
  });
};

function stateValueOf(path: readonly string[]): unknown {
  return path.reduceRight<unknown>((inner, key) => (inner === undefined ? key : { [key]: inner }), undefined);
}

interface Replay {
  readonly visited: Set<string>;
  readonly taken: Set<AnyTransitionDefinition>;
  paths: number;
}

function replay(input: DcrMachineInput, events: readonly DcrEvent[], coverage: Replay): DcrLifecycleSnapshot {
  const inspect = (event: InspectionEvent) => {
    if (event.type === '@xstate.microstep') {
      for (const transition of (event as { _transitions: AnyTransitionDefinition[] })._transitions) {
        coverage.taken.add(transition);
      }
    }
  };
  const actor = createActor(dcrLifecycleMachine, { input, clock: new ManualClock(0), inspect });
  const record = (snapshot: DcrLifecycleSnapshot) => {
    for (const node of stateNodes(dcrLifecycleMachine)) {
      if (snapshot.matches(stateValueOf(node.path) as never)) coverage.visited.add(nodePath(node));
    }
  };
  actor.subscribe(record);
  actor.start();
  record(actor.getSnapshot());
  for (const event of events) actor.send(event);
  const snapshot = actor.getSnapshot();
  actor.stop();
  coverage.paths++;
  return snapshot;
}

describe('model-based coverage of the lifecycle machine (xstate/graph)', () => {
  it('visits 100 % of the states and takes 100 % of the transitions', () => {
    const coverage: Replay = { visited: new Set(), taken: new Set(), paths: 0 };
    const inputs: DcrMachineInput[] = [{ now: 0 }, { now: 0, hasSoftwareStatement: false }];
    for (const input of inputs) {
      const paths = getShortestPaths(dcrLifecycleMachine, { input, events: EVENTS, serializeState });
      expect(paths.length).toBeGreaterThan(10);
      for (const path of paths) {
        const steps = path.steps.map((step) => step.event).filter((event) => (event.type as string) !== 'xstate.init');
        // The real actor must agree with the traversal about where the path ends.
        const end = replay(input, steps, coverage);
        expect(end.value).toEqual(path.state.value);
        for (const event of EVENTS) replay(input, [...steps, event], coverage);
      }
    }

    const allStates = stateNodes(dcrLifecycleMachine).map(nodePath);
    const edges = chartEdges(dcrLifecycleMachine);
    const missingStates = allStates.filter((state) => !coverage.visited.has(state));
    const missingEdges = edges.filter((edge) => !coverage.taken.has(edge.transition)).map((edge) => edge.label);
    console.log(
      `model coverage: states ${allStates.length - missingStates.length}/${allStates.length}, ` +
        `transitions ${edges.length - missingEdges.length}/${edges.length} (${coverage.paths} replayed paths)`,
    );
    expect(missingStates).toEqual([]);
    expect(missingEdges).toEqual([]);
    expect(allStates.length).toBe(16);
    expect(edges.length).toBeGreaterThanOrEqual(40);
  });

  it('lists every state of the design statechart', () => {
    const topLevel = Object.keys(dcrLifecycleMachine.root.states);
    expect(topLevel).toEqual([
      'loading',
      'unregistered',
      'registering',
      'registered',
      'tokenValid',
      'expiring',
      'credentialsLost',
      'revoked',
    ]);
  });
});
