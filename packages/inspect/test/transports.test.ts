import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createActor } from 'xstate';
import {
  createInspectorBridge,
  IN_PAGE_CHANNEL,
  type InPageMessage,
  InspectOptionsError,
  inPageTransport,
  type WireEvent,
  webSocketTransport,
} from '../src/index.ts';
import { type InspectorRelay, startInspectorRelay } from '../src/node/index.ts';
import { vaultMachine } from './support/machines.ts';
import { connectViewer, type Viewer } from './support/viewer.ts';
import { waitFor } from './support/waitFor.ts';

function meta(seq: number): WireEvent {
  return { v: 1, seq, at: seq, sessionId: 's', actorId: '', kind: 'meta', label: `m${seq}`, data: null };
}

describe('inPageTransport', () => {
  it("broadcasts { channel: 'dcrflow-inspect', event } on the BroadcastChannel", async () => {
    const receiver = new BroadcastChannel(IN_PAGE_CHANNEL);
    const received: InPageMessage[] = [];
    receiver.onmessage = (message: MessageEvent<InPageMessage>) => received.push(message.data);
    const transport = inPageTransport();
    const bridge = createInspectorBridge({ transport });
    const actor = createActor(vaultMachine, { inspect: bridge.inspect }).start();
    await waitFor('three broadcast events', () => received.length >= 3);
    expect(received[0]).toMatchObject({ channel: 'dcrflow-inspect', event: { kind: 'actor', seq: 0, name: 'vault' } });
    expect(received.map((message) => message.event.kind).slice(0, 3)).toEqual(['actor', 'event', 'snapshot']);
    actor.stop();
    await bridge.close();
    receiver.close();
  });

  it('uses a custom channel name for the channel and the envelope', async () => {
    const receiver = new BroadcastChannel('my-inspector');
    const received: InPageMessage[] = [];
    receiver.onmessage = (message: MessageEvent<InPageMessage>) => received.push(message.data);
    const transport = inPageTransport({ channelName: 'my-inspector' });
    transport.send(meta(0));
    await waitFor('the message', () => received.length === 1);
    expect(received[0]).toEqual({ channel: 'my-inspector', event: meta(0) });
    await transport.close?.();
    transport.send(meta(1));
    receiver.close();
  });

  it('posts to one window with the given target origin, and never throws when posting fails', () => {
    const posted: Array<[unknown, string]> = [];
    const transport = inPageTransport({
      postMessage: {
        target: { postMessage: (message, origin) => posted.push([message, origin]) },
        targetOrigin: 'http://localhost:5173',
      },
    });
    transport.send(meta(0));
    expect(posted).toEqual([[{ channel: 'dcrflow-inspect', event: meta(0) }, 'http://localhost:5173']]);
    const failing = inPageTransport({
      postMessage: {
        target: {
          postMessage: () => {
            throw new Error('window closed');
          },
        },
        targetOrigin: 'http://localhost:5173',
      },
    });
    expect(() => failing.send(meta(0))).not.toThrow();
  });

  it('refuses to post to any origin when it cannot tell its own', () => {
    expect(() => inPageTransport({ postMessage: { target: { postMessage: () => {} } } })).toThrow(
      new InspectOptionsError(
        'inPageTransport: this page has no origin to post to; pass `postMessage.targetOrigin` explicitly.',
      ),
    );
  });
});

describe('webSocketTransport', () => {
  let relay: InspectorRelay | undefined;
  let viewer: Viewer | undefined;
  afterEach(async () => {
    viewer?.close();
    await relay?.close();
    relay = undefined;
    viewer = undefined;
  });

  it("streams a bridge's events to a viewer through the relay, with Node's global WebSocket", async () => {
    relay = await startInspectorRelay();
    viewer = await connectViewer(relay.viewerWsUrl);
    const transport = webSocketTransport({ url: relay.wsUrl });
    const bridge = createInspectorBridge({ transport, sessionId: 'ws-session' });
    // Events sent before the socket opens are buffered, not lost.
    const actor = createActor(vaultMachine, { inspect: bridge.inspect }).start();
    actor.send({ type: 'UNLOCK', password: 'x' });
    await waitFor('the open state', () => actor.getSnapshot().matches('open'));
    actor.stop();
    const seen = viewer;
    await waitFor('the stopped snapshot', () =>
      seen.events.some((event) => event.kind === 'snapshot' && event.snapshot.status === 'stopped'),
    );
    await bridge.close();
    expect(transport.state).toBe('closed');
    const values = viewer.events.flatMap((event) =>
      event.kind === 'snapshot' && event.actorId === actor.sessionId ? [event.snapshot.value] : [],
    );
    expect(values).toEqual(['locked', 'unlocking', { open: 'idle' }, { open: 'idle' }]);
    expect(viewer.events.map((event) => event.seq)).toEqual(viewer.events.map((_, index) => index));
    expect(new Set(viewer.events.map((event) => event.sessionId))).toEqual(new Set(['ws-session']));
  });

  it('buffers while the relay is down, keeps the newest events, and reconnects with backoff', async () => {
    const first = await startInspectorRelay({ sessionToken: 'reconnect-test-token' });
    const port = Number(new URL(first.url).port);
    await first.close();
    const transport = webSocketTransport({
      url: first.wsUrl,
      bufferSize: 3,
      reconnect: { initialDelayMs: 20, maxDelayMs: 80 },
    });
    for (let seq = 0; seq < 5; seq++) transport.send(meta(seq));
    await waitFor('a failed connection attempt', () => transport.state === 'waiting');
    expect(transport.dropped).toBe(2);

    relay = await startInspectorRelay({ port, sessionToken: 'reconnect-test-token' });
    viewer = await connectViewer(relay.viewerWsUrl);
    await waitFor('the reconnection', () => transport.state === 'open', 5_000);
    transport.send(meta(5));
    await viewer.waitForCount(4);
    expect(viewer.events.map((event) => event.seq)).toEqual([2, 3, 4, 5]);
    await transport.close();
  });

  it('flushes what it buffered when closed while still connecting', async () => {
    relay = await startInspectorRelay();
    viewer = await connectViewer(relay.viewerWsUrl);
    const transport = webSocketTransport({ url: relay.wsUrl, WebSocket: WebSocket as never });
    transport.send(meta(0));
    transport.send(meta(1));
    await transport.close();
    await viewer.waitForCount(2);
    expect(viewer.events).toEqual([meta(0), meta(1)]);
    transport.send(meta(2));
    expect(transport.state).toBe('closed');
  });

  it('never throws into the machine when the relay refuses it (wrong token)', async () => {
    relay = await startInspectorRelay();
    const transport = webSocketTransport({
      url: `${relay.wsUrl}x`,
      reconnect: { initialDelayMs: 10, maxDelayMs: 10 },
    });
    const bridge = createInspectorBridge({ transport });
    const actor = createActor(vaultMachine, { inspect: bridge.inspect });
    expect(() => actor.start()).not.toThrow();
    await waitFor('a refused attempt', () => transport.state === 'waiting');
    expect(relay.stats().events).toBe(0);
    actor.stop();
    await bridge.close();
  });

  it.each([
    [{ url: 'not a url' }, 'webSocketTransport: `url` must be an absolute ws:// or wss:// URL.'],
    [{ url: 'http://127.0.0.1:1/' }, 'webSocketTransport: `url` must be a ws:// or wss:// URL.'],
    [{ url: 'ws://127.0.0.1:1/', bufferSize: -1 }, 'webSocketTransport: `bufferSize` must be a non-negative integer.'],
  ])('rejects bad options %#', (options, message) => {
    expect(() => webSocketTransport(options)).toThrow(new InspectOptionsError(message));
  });
});
