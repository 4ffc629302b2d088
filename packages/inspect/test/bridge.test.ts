import { describe, expect, it, vi } from 'vitest';
import { createActor, createMachine, fromPromise, setup } from 'xstate';
import {
  createInspectorBridge,
  InspectOptionsError,
  type InspectTransport,
  memoryTransport,
  parseWireEvent,
  type WireEvent,
} from '../src/index.ts';
import { vaultMachine } from './support/machines.ts';
import { waitFor } from './support/waitFor.ts';

function run(transport = memoryTransport()) {
  const bridge = createInspectorBridge({ transport, sessionId: 'session-1', now: () => 1234 });
  const actor = createActor(vaultMachine, { inspect: bridge.inspect });
  return { bridge, actor, memory: transport };
}

describe('createInspectorBridge', () => {
  it('turns actor, event, snapshot and microstep inspection events into numbered, valid wire events', async () => {
    const { actor, memory } = run();
    actor.start();
    actor.send({ type: 'UNLOCK', password: 'x' });
    await waitFor('the open state', () => actor.getSnapshot().matches('open'));
    actor.stop();

    const events = memory.events();
    expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index));
    for (const event of events) {
      expect(parseWireEvent(JSON.parse(JSON.stringify(event)))).toEqual(event);
      expect(event).toMatchObject({ v: 1, sessionId: 'session-1', at: 1234 });
    }
    expect(events.slice(0, 3).map((event) => event.kind)).toEqual(['actor', 'event', 'snapshot']);
    expect(new Set(events.map((event) => event.kind))).toEqual(new Set(['actor', 'event', 'snapshot', 'microstep']));

    const root = events[0] as Extract<WireEvent, { kind: 'actor' }>;
    expect(root).toMatchObject({ actorId: actor.sessionId, parentId: null, systemId: null, name: 'vault' });
    expect(root.definition).toEqual(JSON.parse(JSON.stringify(vaultMachine.toJSON())));

    const child = events.find((event) => event.kind === 'actor' && event.actorId !== actor.sessionId);
    expect(child).toMatchObject({ kind: 'actor', parentId: actor.sessionId, definition: null, name: 'fetchToken' });

    const microstep = events.find((event) => event.kind === 'microstep' && event.event.type === 'UNLOCK');
    expect(microstep).toMatchObject({
      transitions: [{ source: 'vault.locked', targets: ['vault.unlocking'], eventType: 'UNLOCK' }],
    });

    const values = events.flatMap((event) =>
      event.kind === 'snapshot' && event.actorId === actor.sessionId ? [event.snapshot.value] : [],
    );
    expect(values).toEqual(['locked', 'unlocking', { open: 'idle' }, { open: 'idle' }]);
    const last = events.at(-1) as Extract<WireEvent, { kind: 'snapshot' }>;
    expect(last.snapshot.status).toBe('stopped');
  });

  it('names the guard each microstep transition passed (wire format 1.1), null when unguarded (issue 9)', () => {
    const machine = createMachine({
      id: 'gate',
      initial: 'closed',
      states: {
        closed: {
          on: {
            OPEN: [
              { guard: 'isAdmin', target: 'wide' },
              { guard: { type: 'hasKey', params: { key: 1 } }, target: 'ajar' },
              { target: 'ajar' },
            ],
          },
        },
        ajar: { always: { guard: () => true, target: 'wide' } },
        wide: {},
      },
    });
    const memory = memoryTransport();
    const bridge = createInspectorBridge({ transport: memory });
    const transitionsOf = (guards: { isAdmin: boolean; hasKey: boolean }) => {
      const before = memory.events().length;
      const actor = createActor(
        machine.provide({ guards: { isAdmin: () => guards.isAdmin, hasKey: () => guards.hasKey } }),
        { inspect: bridge.inspect },
      ).start();
      actor.send({ type: 'OPEN' });
      actor.stop();
      return memory
        .events()
        .slice(before)
        .flatMap((e) => (e.kind === 'microstep' ? e.transitions : []));
    };
    expect(transitionsOf({ isAdmin: true, hasKey: false })).toEqual([
      { source: 'gate.closed', targets: ['gate.wide'], eventType: 'OPEN', guard: 'isAdmin' },
    ]);
    const viaKey = transitionsOf({ isAdmin: false, hasKey: true });
    expect(viaKey[0]).toEqual({ source: 'gate.closed', targets: ['gate.ajar'], eventType: 'OPEN', guard: 'hasKey' });
    // An inline guard function has no name the chart knows: the field is left out.
    expect(viaKey[1]).toEqual({ source: 'gate.ajar', targets: ['gate.wide'], eventType: '' });
    expect(transitionsOf({ isAdmin: false, hasKey: false })[0]).toMatchObject({ guard: null });
    for (const event of memory.events()) expect(parseWireEvent(JSON.parse(JSON.stringify(event)))).toEqual(event);
  });

  it('observeFetch reports method, host, path, status and duration — never the query, headers or body (issue 9)', async () => {
    const memory = memoryTransport();
    const bridge = createInspectorBridge({ transport: memory });
    const secret = 'client-secret-value-123';
    const answers = [429, 201];
    const fetch = bridge.observeFetch(async () => new Response('{}', { status: answers.shift() ?? 500 }));
    const first = await fetch(`http://127.0.0.1:4010/o/client/token?client_secret=${secret}`, {
      method: 'post',
      headers: { Authorization: `Bearer ${secret}` },
      body: `client_secret=${secret}`,
    });
    expect(first.status).toBe(429);
    await fetch(new Request('http://sim.localhost/o/client/register', { method: 'POST' }));
    const failing = bridge.observeFetch(async () => {
      throw new TypeError('fetch failed');
    });
    await expect(failing('http://down.localhost/api/v2/x/configuration')).rejects.toThrow('fetch failed');
    const records = memory.events().filter((e) => e.kind === 'meta' && e.label === 'http');
    expect(records.map((e) => (e.kind === 'meta' ? { ...(e.data as object), durationMs: 0 } : null))).toEqual([
      { method: 'POST', host: '127.0.0.1:4010', path: '/o/client/token', status: 429, durationMs: 0 },
      { method: 'POST', host: 'sim.localhost', path: '/o/client/register', status: 201, durationMs: 0 },
      {
        method: 'GET',
        host: 'down.localhost',
        path: '/api/v2/x/configuration',
        status: null,
        error: 'TypeError',
        durationMs: 0,
      },
    ]);
    for (const record of records) expect(JSON.stringify(record)).not.toContain(secret);
    expect(() => bridge.observeFetch('nope' as never)).toThrow(InspectOptionsError);
  });

  it('reports delayed transitions with their event type', async () => {
    const memory = memoryTransport();
    const bridge = createInspectorBridge({ transport: memory });
    const actor = createActor(vaultMachine.provide({ delays: { relock: 20 } }), { inspect: bridge.inspect });
    actor.start();
    actor.send({ type: 'UNLOCK', password: 'x' });
    await waitFor(
      'the relock',
      () =>
        actor.getSnapshot().matches('locked') &&
        actor.getSnapshot().context.attempts === 1 &&
        memory.events().some((e) => e.kind === 'microstep' && e.transitions.some((t) => t.source === 'vault.open')),
    );
    const relock = memory
      .events()
      .find((e) => e.kind === 'microstep' && e.transitions.some((t) => t.source === 'vault.open'));
    expect(relock).toMatchObject({
      event: { type: 'xstate.after.relock.vault.open' },
      transitions: [{ source: 'vault.open', targets: ['vault.locked'], eventType: 'xstate.after.relock.vault.open' }],
    });
    actor.stop();
  });

  it('carries systemId and the error of a failed actor', () => {
    const failing = setup({
      actors: { boom: fromPromise<never>(async () => Promise.reject(new Error('Failed hard.'))) },
    }).createMachine({ id: 'outer', invoke: { src: 'boom', systemId: 'worker' } });
    const memory = memoryTransport();
    const bridge = createInspectorBridge({ transport: memory });
    const actor = createActor(failing, { inspect: bridge.inspect, systemId: 'main' });
    actor.subscribe({ error: () => {} });
    actor.start();
    return waitFor('the error snapshot', () =>
      memory.events().some((e) => e.kind === 'snapshot' && e.snapshot.status === 'error'),
    ).then(() => {
      expect(memory.events()[0]).toMatchObject({ kind: 'actor', systemId: 'main' });
      expect(memory.events().find((e) => e.kind === 'actor' && e.actorId !== actor.sessionId)).toMatchObject({
        systemId: 'worker',
        parentId: actor.sessionId,
      });
      const failed = memory.events().find((e) => e.kind === 'snapshot' && e.snapshot.status === 'error');
      expect(failed).toMatchObject({ snapshot: { error: { name: 'Error', message: 'Failed hard.' } } });
    });
  });

  it('keeps actors of two systems apart when one bridge inspects both', () => {
    const memory = memoryTransport();
    const bridge = createInspectorBridge({ transport: memory });
    const tiny = createMachine({ id: 'tiny' });
    const first = createActor(tiny, { inspect: bridge.inspect }).start();
    const second = createActor(tiny, { inspect: bridge.inspect }).start();
    const actors = memory
      .events()
      .filter((e) => e.kind === 'actor')
      .map((e) => e.actorId);
    expect(actors).toEqual([first.sessionId, second.sessionId]);
    expect(new Set(actors).size).toBe(2);
  });

  it('emits meta events with mark(), redacted, and numbers them with the rest', () => {
    const memory = memoryTransport();
    const bridge = createInspectorBridge({ transport: memory, sessionId: 'session-1', now: () => 1234 });
    // Before any actor exists, a mark has no actor to name.
    bridge.mark('scenario', { name: 'first run', access_token: 'abc' });
    const actor = createActor(vaultMachine, { inspect: bridge.inspect });
    actor.start();
    bridge.mark('checkpoint');
    const metas = memory.events().filter((event) => event.kind === 'meta');
    expect(metas).toEqual([
      {
        v: 1,
        seq: 0,
        at: 1234,
        sessionId: 'session-1',
        actorId: '',
        kind: 'meta',
        label: 'scenario',
        data: { name: 'first run', access_token: expect.stringMatching(/^‹redacted:[0-9a-f]{4}›$/) },
      },
      expect.objectContaining({ actorId: actor.sessionId, label: 'checkpoint', data: null }),
    ]);
    actor.stop();
  });

  it('never lets a failing transport break the machine', () => {
    const transport: InspectTransport = {
      send: () => {
        throw new Error('transport down');
      },
    };
    const bridge = createInspectorBridge({ transport });
    const actor = createActor(vaultMachine, { inspect: bridge.inspect });
    expect(() => {
      actor.start();
      actor.send({ type: 'UNLOCK', password: 'x' });
      bridge.mark('still fine');
    }).not.toThrow();
    expect(actor.getSnapshot().value).toBe('unlocking');
    actor.stop();
  });

  it('never lets a hostile inspection event break the machine', () => {
    const bridge = createInspectorBridge({ transport: memoryTransport() });
    const hostile = new Proxy({} as never, {
      get() {
        throw new Error('hostile');
      },
    });
    expect(() => bridge.inspect(hostile)).not.toThrow();
  });

  it('stops emitting and closes the transport once, on close()', async () => {
    const close = vi.fn();
    const memory = memoryTransport();
    const bridge = createInspectorBridge({ transport: { send: memory.send, close } });
    const actor = createActor(vaultMachine, { inspect: bridge.inspect });
    actor.start();
    const count = memory.events().length;
    await Promise.all([bridge.close(), bridge.close()]);
    actor.send({ type: 'UNLOCK', password: 'x' });
    bridge.mark('late');
    expect(memory.events()).toHaveLength(count);
    expect(close).toHaveBeenCalledOnce();
    actor.stop();
  });

  it('reports a failed transport close to the caller', async () => {
    const bridge = createInspectorBridge({
      transport: {
        send: () => {},
        close: () => Promise.reject(new Error('disk full')),
      },
    });
    await expect(bridge.close()).rejects.toThrow('disk full');
  });

  it('generates a random session id unless given one', () => {
    const a = createInspectorBridge({ transport: memoryTransport() });
    const b = createInspectorBridge({ transport: memoryTransport() });
    expect(a.sessionId).toMatch(/^[0-9a-f]{16}$/);
    expect(a.sessionId).not.toBe(b.sessionId);
  });

  it.each([
    [{}, 'createInspectorBridge: `transport` must be an object with a send(event) method.'],
    [{ transport: memoryTransport(), sessionId: 5 }, 'createInspectorBridge: `sessionId` must be a string.'],
    [
      { transport: memoryTransport(), redact: { secrets: 'x' } },
      'createInspectorBridge: `redact.secrets` must be an array of strings.',
    ],
    [
      { transport: memoryTransport(), redact: { keys: 'token' } },
      'createInspectorBridge: `redact.keys` must be a RegExp.',
    ],
  ])('rejects bad options %#', (options, message) => {
    expect(() => createInspectorBridge(options as never)).toThrow(new InspectOptionsError(message));
    try {
      createInspectorBridge(options as never);
    } catch (error) {
      expect(InspectOptionsError.is(error)).toBe(true);
    }
  });
});

describe('memoryTransport', () => {
  it('tells subscribers about each event, survives a throwing one, and can be bounded and cleared', () => {
    const memory = memoryTransport({ limit: 3 });
    const seen: number[] = [];
    const stop = memory.subscribe((event) => seen.push(event.seq));
    memory.subscribe(() => {
      throw new Error('bad listener');
    });
    const bridge = createInspectorBridge({ transport: memory });
    for (let i = 0; i < 5; i++) bridge.mark(`m${i}`);
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    expect(memory.events().map((event) => event.seq)).toEqual([2, 3, 4]);
    stop();
    bridge.mark('m5');
    expect(seen).toHaveLength(5);
    memory.clear();
    expect(memory.events()).toEqual([]);
  });
});
