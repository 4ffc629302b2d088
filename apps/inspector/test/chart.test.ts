import { dcrLifecycleMachine } from '@dcrflow/core';
import { describe, expect, it } from 'vitest';
import { createMachine } from 'xstate';
import { activeStateIds } from '../src/chart/activeStateIds.ts';
import { ANY_STATE_SUFFIX, buildElkGraph, INITIAL_SUFFIX, transitionLabel } from '../src/chart/buildElkGraph.ts';
import { edgesForTransitions, inferTransitions } from '../src/chart/edgesForTransitions.ts';
import { extraTransitions } from '../src/chart/extraTransitions.ts';
import { layoutChart } from '../src/chart/layoutChart.ts';
import { measureText } from '../src/chart/measureText.ts';
import { placeEdgeLabels, pointAlong } from '../src/chart/placeEdgeLabels.ts';
import { allNodes, readMachineDefinition } from '../src/chart/readMachineDefinition.ts';
import { roundedPath } from '../src/chart/roundedPath.ts';

// As it travels on the wire: JSON, functions and live references gone.
const dcrJson = JSON.parse(JSON.stringify(dcrLifecycleMachine.toJSON()));
const root = readMachineDefinition(dcrJson)!;
const ALWAYS = { source: 'dcr.unregistered', targets: ['dcr.registering'], eventType: '' };

describe('readMachineDefinition', () => {
  it('reads the dcrflow machine: nested states, invokes, delays and guards', () => {
    expect(root.id).toBe('dcr');
    expect(root.children.map((c) => c.key)).toEqual([
      'loading',
      'unregistered',
      'registering',
      'registered',
      'tokenValid',
      'expiring',
      'credentialsLost',
      'revoked',
    ]);
    const registering = root.children.find((c) => c.key === 'registering')!;
    expect(registering.type).toBe('compound');
    expect(registering.initial).toEqual(['dcr.registering.requesting']);
    expect(registering.children.find((c) => c.key === 'requesting')?.invokes).toEqual(['registerClient']);
    const backoff = allNodes(root).find((n) => n.id === 'dcr.registering.backoff')!;
    expect(backoff.transitions).toContainEqual(
      expect.objectContaining({ trigger: 'delayed', delay: 'retryDelay', targets: ['dcr.registering.requesting'] }),
    );
    expect(backoff.transitions).toContainEqual(
      expect.objectContaining({ eventType: 'RECHECK', guard: 'canRetryEarly' }),
    );
    expect(root.transitions).toContainEqual(
      expect.objectContaining({ eventType: 'RESET', targets: ['dcr.loading'], reenter: true }),
    );
  });

  it('is defensive: not a machine gives null, malformed parts become empty', () => {
    expect(readMachineDefinition(null)).toBeNull();
    expect(readMachineDefinition({ id: 'x' })).toBeNull();
    const odd = readMachineDefinition({
      id: 'm',
      states: { a: { transitions: 'nope', invoke: [{}], states: { b: {} } } },
    })!;
    expect(odd.children[0]).toMatchObject({ id: 'm.a', key: 'a', type: 'compound', transitions: [], invokes: [] });
    expect(odd.children[0]!.children[0]).toMatchObject({ id: 'm.a.b', type: 'atomic' });
  });

  it('reads object guards, numeric delays and custom state ids of any XState v5 machine', () => {
    const machine = createMachine({
      id: 'light',
      initial: 'green',
      states: {
        green: { id: 'go', after: { 1500: 'yellow' }, on: { STOP: { target: 'red', guard: { type: 'isEmergency' } } } },
        yellow: { after: { 500: '#light.red' } },
        red: { type: 'final' },
      },
    });
    const light = readMachineDefinition(JSON.parse(JSON.stringify(machine.toJSON())))!;
    const green = light.children.find((c) => c.key === 'green')!;
    expect(green.id).toBe('go');
    expect(green.transitions).toContainEqual(
      expect.objectContaining({ trigger: 'delayed', delay: 1500, targets: ['light.yellow'] }),
    );
    expect(green.transitions).toContainEqual(expect.objectContaining({ eventType: 'STOP', guard: 'isEmergency' }));
    expect(light.children.find((c) => c.key === 'red')?.type).toBe('final');
  });
});

describe('buildElkGraph (layout input)', () => {
  const input = buildElkGraph(root, [ALWAYS]);
  const elkNode = (id: string, node = input.graph): typeof input.graph | undefined => {
    for (const child of node.children ?? []) {
      if (child.id === id) return child;
      const found = elkNode(id, child);
      if (found !== undefined) return found;
    }
    return undefined;
  };

  it('nests compound states as compound nodes with their children inside', () => {
    const registering = elkNode('dcr.registering')!;
    expect(registering.children?.map((c) => c.id)).toEqual([
      `dcr.registering${INITIAL_SUFFIX}`,
      'dcr.registering.requesting',
      'dcr.registering.backoff',
    ]);
    expect(registering.width).toBeUndefined(); // ELK sizes compound nodes from their content
    expect(elkNode('dcr.tokenValid')?.width).toBeGreaterThan(0);
  });

  it('labels delayed transitions with their delay and shows guards in brackets, on a line of their own', () => {
    const labels = [...input.edges.values()].flatMap((e) => e.transitions.map((t) => t.label));
    expect(labels).toContain('after retryDelay');
    expect(labels).toContain('after refreshAt');
    expect(labels).toContain('after hardExpiry');
    expect(labels).toContain('TOKEN.FAILED [isRevocation]');
    expect(labels).toContain('RECHECK [canRetryEarly]');
    const revocation = [...input.edges.values()].find((e) => e.transitions[0]?.label === 'TOKEN.FAILED [isRevocation]');
    expect(revocation?.lines).toEqual(['TOKEN.FAILED', '[isRevocation]']);
    expect(transitionLabel({ eventType: 'x', trigger: 'delayed', guard: null, delay: 2000 })).toBe('after 2 s');
    expect(transitionLabel({ eventType: 'x', trigger: 'delayed', guard: 'ok', delay: 250 })).toBe('after 250 ms [ok]');
  });

  it('draws one edge per transition, so two transitions between the same states have a label each (issue 9)', () => {
    expect(input.edges.get('dcr.loading.reading->dcr.credentialsLost')?.lines).toEqual(['STORE.LOST']);
    expect(input.edges.get('dcr.loading.reading->dcr.credentialsLost#2')?.lines).toEqual(['STORE.CORRUPT']);
    for (const edge of input.edges.values()) expect(edge.transitions).toHaveLength(1);
  });

  it('draws root-level transitions from an "any state" node and entry dots for initial states', () => {
    const any = `dcr${ANY_STATE_SUFFIX}`;
    expect(input.nodes.get(any)?.kind).toBe('any');
    expect(input.edges.get(`${any}->dcr.loading`)?.lines).toEqual(['RESET']);
    expect(input.edges.get(`dcr${INITIAL_SUFFIX}->dcr.loading`)?.kind).toBe('initial');
  });

  it('adds run-time transitions the JSON lacks (always) as dashed edges, only once, with their guard', () => {
    expect(input.edges.get('dcr.unregistered->dcr.registering')?.lines).toEqual(['STATEMENT.UPDATED']);
    const always = input.edges.get('dcr.unregistered->dcr.registering#2')!;
    expect(always.kind).toBe('always');
    expect(always.lines).toEqual(['always']);
    expect(buildElkGraph(root, [ALWAYS, ALWAYS]).edges.size).toBe(input.edges.size);
    expect(buildElkGraph(root).edges.has('dcr.unregistered->dcr.registering#2')).toBe(false);
    const guarded = buildElkGraph(root, [{ ...ALWAYS, guard: 'hasSoftwareStatement' }]);
    expect(guarded.edges.get('dcr.unregistered->dcr.registering#2')?.lines).toEqual([
      'always',
      '[hasSoftwareStatement]',
    ]);
  });

  it('asks ELK to reserve label room only in the "layout" mode', () => {
    const withLabels = buildElkGraph(root, [], { labels: 'layout' });
    expect(withLabels.graph.edges?.some((e) => (e.labels ?? []).length > 0)).toBe(true);
    expect(input.graph.edges?.every((e) => (e.labels ?? []).length === 0)).toBe(true);
  });

  it('references only nodes that exist', () => {
    const ids = new Set<string>();
    const collect = (node: typeof input.graph) => {
      for (const child of node.children ?? []) {
        ids.add(child.id);
        collect(child);
      }
    };
    collect(input.graph);
    for (const edge of input.graph.edges ?? []) {
      expect(ids.has(edge.sources[0]!)).toBe(true);
      expect(ids.has(edge.targets[0]!)).toBe(true);
    }
  });
});

describe('layoutChart (real ELK)', () => {
  it('positions every state inside its parent and routes every edge', async () => {
    const input = buildElkGraph(root, [ALWAYS]);
    const layout = await layoutChart(input);
    expect(layout.width).toBeGreaterThan(0);
    const byId = new Map(layout.nodes.map((n) => [n.id, n]));
    for (const node of allNodes(root).slice(1)) {
      const box = byId.get(node.id)!;
      const parent = byId.get(node.id.slice(0, node.id.lastIndexOf('.')));
      if (parent === undefined) continue;
      expect(box.x).toBeGreaterThanOrEqual(parent.x);
      expect(box.y).toBeGreaterThanOrEqual(parent.y);
      expect(box.x + box.width).toBeLessThanOrEqual(parent.x + parent.width + 0.5);
      expect(box.y + box.height).toBeLessThanOrEqual(parent.y + parent.height + 0.5);
    }
    expect(layout.edges).toHaveLength(input.edges.size);
    for (const edge of layout.edges) expect(edge.points.length).toBeGreaterThanOrEqual(2);
    // Parents come before children so boxes paint underneath their content.
    expect(layout.nodes.findIndex((n) => n.id === 'dcr.registering')).toBeLessThan(
      layout.nodes.findIndex((n) => n.id === 'dcr.registering.requesting'),
    );
  });

  it('places ELK labels in the layout mode', async () => {
    const layout = await layoutChart(buildElkGraph(root, [], { labels: 'layout' }));
    expect(layout.edges.filter((e) => e.lines.length > 0).every((e) => e.labelBox !== null)).toBe(true);
  });
});

describe('active states and the transition to animate', () => {
  const input = buildElkGraph(root, [ALWAYS]);
  it('resolves a state value to the active node ids, ancestors and root included', () => {
    expect([...activeStateIds(root, { registering: 'backoff' })]).toEqual([
      'dcr',
      'dcr.registering',
      'dcr.registering.backoff',
    ]);
    expect([...activeStateIds(root, 'tokenValid')]).toEqual(['dcr', 'dcr.tokenValid']);
    expect([...activeStateIds(root, 'nonsense')]).toEqual(['dcr']);
  });

  it('finds the edges a microstep took, with or without # prefixes', () => {
    const edgeOf = (label: string) => [...input.edges.values()].find((e) => e.transitions[0]?.label === label)!.id;
    expect(
      edgesForTransitions(input.edges.values(), [
        { source: '#dcr.tokenValid', targets: ['#dcr.expiring'], eventType: 'xstate.after.refreshAt.dcr.tokenValid' },
      ]),
    ).toEqual([edgeOf('after refreshAt')]);
    expect(edgesForTransitions(input.edges.values(), [ALWAYS])).toEqual(['dcr.unregistered->dcr.registering#2']);
    expect(
      edgesForTransitions(input.edges.values(), [
        { source: 'dcr.tokenValid', targets: ['dcr.revoked'], eventType: 'X' },
      ]),
    ).toEqual([]);
  });

  it('tells apart transitions that differ only by guard when the producer names the guard (issue 9)', () => {
    const taken = {
      source: 'dcr.registering.requesting',
      targets: ['dcr.registered'],
      eventType: 'REGISTER.SUCCEEDED',
    };
    const labels = (ids: string[]) => ids.map((id) => input.edges.get(id)!.transitions[0]!.label);
    // An older producer: both could have been taken.
    expect(labels(edgesForTransitions(input.edges.values(), [taken]))).toEqual([
      'REGISTER.SUCCEEDED [reauthenticationPending]',
      'REGISTER.SUCCEEDED',
    ]);
    expect(labels(edgesForTransitions(input.edges.values(), [{ ...taken, guard: null }]))).toEqual([
      'REGISTER.SUCCEEDED',
    ]);
    expect(labels(edgesForTransitions(input.edges.values(), [{ ...taken, guard: 'reauthenticationPending' }]))).toEqual(
      ['REGISTER.SUCCEEDED [reauthenticationPending]'],
    );
  });

  it('infers the transition from two snapshots when a producer sends no microsteps', () => {
    const before = activeStateIds(root, { loading: 'reading' });
    const after = activeStateIds(root, 'unregistered');
    expect(inferTransitions(input.edges.values(), before, after, 'STORE.EMPTY')).toEqual([
      { source: 'dcr.loading.reading', targets: ['dcr.unregistered'], eventType: 'STORE.EMPTY' },
    ]);
    const reset = inferTransitions(
      input.edges.values(),
      activeStateIds(root, 'tokenValid'),
      activeStateIds(root, { loading: 'reading' }),
      'RESET',
    );
    expect(reset).toEqual([{ source: 'dcr', targets: ['dcr.loading'], eventType: 'RESET' }]);
  });

  it('keeps only the observed transitions the definition does not list', () => {
    const observed = [
      ALWAYS,
      { source: 'dcr.loading.reading', targets: ['dcr.unregistered'], eventType: 'STORE.EMPTY' },
    ];
    expect(extraTransitions(root, observed)).toEqual([ALWAYS]);
    expect(extraTransitions(root, [])).toEqual([]);
  });
});

describe('drawing helpers', () => {
  it('rounds the corners of a path', () => {
    expect(
      roundedPath(
        [
          { x: 0, y: 0 },
          { x: 10, y: 0 },
          { x: 10, y: 10 },
        ],
        4,
      ),
    ).toBe('M0,0 L6,0 Q10,0 10,4 L10,10');
    expect(roundedPath([])).toBe('');
    expect(
      roundedPath([
        { x: 1, y: 2 },
        { x: 3, y: 4 },
      ]),
    ).toBe('M1,2 L3,4');
  });

  it('finds points along a polyline', () => {
    const line = [
      { x: 0, y: 0 },
      { x: 10, y: 0 },
      { x: 10, y: 10 },
    ];
    expect(pointAlong(line, 0.5)).toEqual({ x: 10, y: 0 });
    expect(pointAlong(line, 0.25)).toEqual({ x: 5, y: 0 });
    expect(pointAlong(line, 1)).toEqual({ x: 10, y: 10 });
  });

  it('places labels without overlapping each other or the obstacles when there is room', () => {
    const points = [
      { x: 0, y: 0 },
      { x: 0, y: 200 },
    ];
    const boxes = placeEdgeLabels(
      [
        { id: 'a', points, width: 40, height: 16 },
        { id: 'b', points, width: 40, height: 16 },
      ],
      [{ x: -50, y: 90, width: 100, height: 20 }],
    );
    const a = boxes.get('a')!;
    const b = boxes.get('b')!;
    const overlap = (p: typeof a, q: typeof a) =>
      p.x < q.x + q.width && q.x < p.x + p.width && p.y < q.y + q.height && q.y < p.y + p.height;
    expect(overlap(a, b)).toBe(false);
    expect(overlap(a, { x: -50, y: 90, width: 100, height: 20 })).toBe(false);
  });

  it('estimates text widths monotonically', () => {
    expect(measureText('tokenValid', 13)).toBeGreaterThan(measureText('token', 13));
    expect(measureText('WWW', 13)).toBeGreaterThan(measureText('iii', 13));
  });
});
