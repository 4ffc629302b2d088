import { createWebSocketInspector } from '@statelyai/inspect';
import { afterEach, describe, expect, it } from 'vitest';
import { assign, createActor, createMachine, fromPromise, setup } from 'xstate';
import type { WireEvent } from '../src/index.ts';
import { type InspectorRelay, startInspectorRelay } from '../src/node/index.ts';
import { connectViewer, type Viewer } from './support/viewer.ts';
import { waitFor } from './support/waitFor.ts';

// A plain XState v5 app that knows nothing about dcrflow: only @statelyai/inspect's WebSocket inspector.
const toggle = setup({
  types: { context: {} as { count: number; apiToken: string }, events: {} as { type: 'TOGGLE'; password?: string } },
  actors: { load: fromPromise(async () => 42) },
}).createMachine({
  id: 'toggle',
  initial: 'inactive',
  context: { count: 0, apiToken: 'app-token-value' },
  states: {
    inactive: { on: { TOGGLE: { target: 'active', actions: assign({ count: ({ context }) => context.count + 1 }) } } },
    active: {
      invoke: { src: 'load' },
      initial: 'idle',
      states: { idle: {} },
      on: { TOGGLE: 'inactive' },
    },
  },
});

let relay: InspectorRelay | undefined;
let viewer: Viewer | undefined;
let inspector: ReturnType<typeof createWebSocketInspector> | undefined;
afterEach(async () => {
  inspector?.stop();
  viewer?.close();
  await relay?.close();
  inspector = undefined;
  viewer = undefined;
  relay = undefined;
});

describe('@statelyai/inspect compatibility', () => {
  it("createWebSocketInspector's stream ends up as wire events at a viewer", async () => {
    relay = await startInspectorRelay();
    viewer = await connectViewer(relay.viewerWsUrl);
    inspector = createWebSocketInspector({ url: relay.wsUrl });
    const actor = createActor(toggle, { inspect: inspector.inspect });
    actor.start();
    actor.send({ type: 'TOGGLE', password: 'typed-password' });
    actor.send({ type: 'TOGGLE' });

    const events = viewer.events;
    const rootSnapshots = () =>
      events.filter(
        (event): event is Extract<WireEvent, { kind: 'snapshot' }> =>
          event.kind === 'snapshot' && event.actorId === actor.sessionId,
      );
    // Delivery is asynchronous (the inspector converts on idle callbacks and buffers until its socket opens).
    await waitFor('three snapshots of the toggle machine', () => rootSnapshots().length >= 3, 10_000);

    const sessionIds = new Set(events.map((event) => event.sessionId));
    expect(sessionIds.size).toBe(1);
    const [sessionId] = sessionIds;
    expect(sessionId).toMatch(/^stately-\d+$/);
    expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index));

    const actorEvent = events.find((event) => event.kind === 'actor' && event.actorId === actor.sessionId);
    expect(actorEvent).toMatchObject({ kind: 'actor', name: 'toggle', parentId: null, systemId: null });
    // The relay rebuilds the machine from the config the inspector sends: the viewer gets machine.toJSON().
    const definition = (actorEvent as Extract<WireEvent, { kind: 'actor' }>).definition as {
      id: string;
      states: Record<string, { on: Record<string, Array<{ target: string[] }>> }>;
    };
    expect(definition).toMatchObject({ id: 'toggle', initial: { target: ['#toggle.inactive'] } });
    // @statelyai/inspect serialises with safe-stable-stringify, which sorts keys: sibling states arrive sorted.
    expect(Object.keys(definition.states)).toEqual(['active', 'inactive']);
    expect(definition.states.inactive?.on.TOGGLE?.[0]?.target).toEqual(['#toggle.active']);
    expect(definition.states.active).toMatchObject({
      initial: { target: ['#toggle.active.idle'] },
      invoke: [{ src: 'load' }],
    });

    const child = events.find((event) => event.kind === 'actor' && event.actorId !== actor.sessionId);
    expect(child).toMatchObject({ kind: 'actor', parentId: actor.sessionId, definition: null });

    expect(rootSnapshots().map((event) => event.snapshot.value)).toEqual(['inactive', { active: 'idle' }, 'inactive']);
    expect(rootSnapshots()[1]).toMatchObject({
      event: { type: 'TOGGLE' },
      snapshot: { status: 'active', context: { count: 1 } },
    });
    const toggles = events.filter((event) => event.kind === 'event' && event.event.type === 'TOGGLE');
    expect(toggles).toHaveLength(2);

    // The relay redacts what a foreign inspector sends.
    const text = JSON.stringify(events);
    expect(text).not.toContain('app-token-value');
    expect(text).not.toContain('typed-password');
    actor.stop();
  });

  it('reaches a viewer that connects after the app started, through the backlog', async () => {
    relay = await startInspectorRelay();
    inspector = createWebSocketInspector({ url: relay.wsUrl });
    const actor = createActor(createMachine({ id: 'solo', initial: 'a', states: { a: {} } }), {
      inspect: inspector.inspect,
    });
    actor.start();
    const started = relay;
    await waitFor('the relay to receive the snapshot', () => started.stats().events >= 3, 10_000);
    viewer = await connectViewer(relay.viewerWsUrl);
    await viewer.waitForCount(3);
    expect(viewer.events.map((event) => event.kind)).toEqual(['actor', 'event', 'snapshot']);
    actor.stop();
  });
});
