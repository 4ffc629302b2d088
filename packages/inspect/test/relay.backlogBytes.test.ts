// Issue 13, item 9: the relay backlog was capped by count only (60 × 15 MiB frames → +1.2 GiB held), and replaying
// it to a new viewer ignored the slow-viewer limit (a viewer that does not read made the relay buffer all of it).
// Real relay, real WebSocket producer and viewers; small byte limits passed as options.
import { afterEach, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { WireEvent } from '../src/index.ts';
import { type InspectorRelay, startInspectorRelay } from '../src/node/index.ts';
import { connectViewer } from './support/viewer.ts';
import { waitFor } from './support/waitFor.ts';

const relays: InspectorRelay[] = [];
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  await Promise.all(relays.splice(0).map((relay) => relay.close()));
});

const KIB = 1024;
const MIB = 1024 * KIB;

/** A wire event of about `bytes` bytes. */
function big(seq: number, bytes: number): WireEvent {
  return {
    v: 1,
    seq,
    at: seq,
    sessionId: 'p1',
    actorId: 'x:0',
    kind: 'meta',
    label: `m${seq}`,
    data: 'x'.repeat(bytes),
  };
}

async function open(url: string): Promise<WebSocket> {
  const socket = new WebSocket(url, { maxPayload: 64 * MIB });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return socket;
}

it('keeps at most backlogBytes of the newest events, whatever their count', async () => {
  const relay = await startInspectorRelay({ backlog: 10_000, backlogBytes: MIB });
  relays.push(relay);
  const producer = await open(relay.wsUrl);
  for (let seq = 0; seq < 20; seq++) producer.send(JSON.stringify(big(seq, 256 * KIB)));
  await waitFor('20 events relayed', () => relay.stats().events === 20);

  expect(relay.stats().backlog).toBeLessThanOrEqual(3);
  expect(relay.stats().backlogBytes).toBeLessThanOrEqual(MIB);
  const viewer = await connectViewer(relay.viewerWsUrl);
  sockets.push(viewer.socket);
  await viewer.waitForCount(relay.stats().backlog);
  // The newest ones, in order.
  expect(viewer.events.map((event) => event.seq)).toEqual([17, 18, 19].slice(-relay.stats().backlog));
});

it('drops a viewer that does not read while the backlog is replayed to it (slow-viewer limit)', async () => {
  const relay = await startInspectorRelay({ backlogBytes: 48 * MIB, viewerBufferBytes: MIB });
  relays.push(relay);
  const producer = await open(relay.wsUrl);
  for (let seq = 0; seq < 48; seq++) producer.send(JSON.stringify(big(seq, MIB - 256)));
  await waitFor('48 events relayed', () => relay.stats().events === 48, 20_000);

  // A viewer whose socket never reads: the kernel buffers fill up within a few MiB, the rest would queue in the relay.
  const stalled = new WebSocket(relay.viewerWsUrl, { maxPayload: 64 * MIB });
  sockets.push(stalled);
  stalled.once('upgrade', (response) => response.socket.pause());
  const closed = new Promise<void>((resolve) => stalled.once('close', () => resolve()));
  await new Promise<void>((resolve) => stalled.once('upgrade', () => resolve()));
  await waitFor(
    'the relay to drop the stalled viewer',
    () => relay.stats().viewers === 0 && relay.stats().events === 48,
    10_000,
  );
  // Dropped for good, not merely not yet registered: after the replay it would have counted as a viewer.
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(relay.stats().viewers).toBe(0);
  stalled.terminate();
  await closed;
});
