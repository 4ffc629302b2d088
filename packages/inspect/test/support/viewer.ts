import WebSocket from 'ws';
import { parseWireEvent, type WireEvent } from '../../src/index.ts';
import { waitFor } from './waitFor.ts';

export interface Viewer {
  readonly events: WireEvent[];
  readonly socket: WebSocket;
  /** Waits until at least `count` events arrived. */
  waitForCount(count: number, timeoutMs?: number): Promise<void>;
  close(): void;
}

/** Connects as a viewer (`role=viewer`) and parses every frame with `parseWireEvent`. */
export async function connectViewer(url: string, headers: Record<string, string> = {}): Promise<Viewer> {
  const socket = new WebSocket(url, { headers });
  const events: WireEvent[] = [];
  socket.on('message', (data) => events.push(parseWireEvent(data.toString())));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return {
    events,
    socket,
    waitForCount: (count, timeoutMs) =>
      waitFor(`${count} events at the viewer`, () => events.length >= count, timeoutMs),
    close: () => socket.close(),
  };
}

/** The HTTP status a WebSocket upgrade was refused with (or 101 if it was accepted). */
export function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      response.resume();
      socket.terminate();
    });
    socket.once('open', () => {
      resolve(101);
      socket.close();
    });
    socket.once('error', (error) => {
      if (!String(error.message).includes('Unexpected server response')) reject(error);
    });
  });
}
