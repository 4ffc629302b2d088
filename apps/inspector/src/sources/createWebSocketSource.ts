import { parseWireEvent } from '@dcrflow/inspect';
import type { WireEvent } from '../wire/wireTypes.ts';
import { createEventLog } from './createEventLog.ts';
import type { InspectorSource } from './InspectorSource.ts';

/** Close code the relay uses for a wrong or missing session token (inspect-wire.md). */
export const CLOSE_UNAUTHORIZED = 4401;
const RECONNECT_DELAYS_MS = [500, 1000, 2000, 4000, 8000];
const MAX_LIVE_EVENTS = 50_000;

/** Options of {@link createWebSocketSource}. */
export interface WebSocketSourceOptions {
  /** A validated viewer URL (see viewerUrl). */
  readonly url: string;
  readonly WebSocket?: typeof WebSocket;
}

function frameEvents(data: unknown): unknown[] {
  if (typeof data !== 'string') return [];
  const parsed: unknown = JSON.parse(data);
  const items = Array.isArray(parsed) ? parsed : [parsed];
  // Accept the in-page envelope too, so one producer can feed both transports.
  return items.map((item) =>
    typeof item === 'object' && item !== null && 'channel' in item && 'event' in item
      ? (item as { event: unknown }).event
      : item,
  );
}

/**
 * The live WebSocket source: connects to the @dcrflow/inspect relay as a viewer, receives the session backlog and
 * then every event. Reconnects a bounded number of times (the relay replays its backlog; duplicates are dropped by
 * session and sequence number). A rejected token (close 4401) is final.
 *
 * @example
 * ```ts
 * const relay = viewerUrl('ws://127.0.0.1:9301/?session=abc');
 * if (relay.ok) source = createWebSocketSource({ url: relay.url });
 * ```
 */
export function createWebSocketSource(options: WebSocketSourceOptions): InspectorSource {
  const Socket = options.WebSocket ?? globalThis.WebSocket;
  const display = new URL(options.url);
  display.searchParams.delete('session');
  display.searchParams.delete('role');
  const label = `Relay ${display.host}`;
  const log = createEventLog({
    status: { state: 'connecting', message: `Connecting to ${label}…` },
    maxEvents: MAX_LIVE_EVENTS,
  });
  const seen = new Set<string>();
  let socket: WebSocket | null = null;
  let attempts = 0;
  let invalid = 0;
  let opened = false;
  let closed = false;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;

  const connect = () => {
    if (closed) return;
    const current = new Socket(options.url);
    socket = current;
    current.addEventListener('open', () => {
      attempts = 0;
      opened = true;
      log.setStatus({ state: 'open', message: `Connected to ${label}.` });
    });
    current.addEventListener('message', (message) => {
      const fresh: WireEvent[] = [];
      let items: unknown[];
      try {
        items = frameEvents(message.data);
      } catch {
        items = [];
        invalid += 1;
      }
      for (const item of items) {
        try {
          const event = parseWireEvent(item);
          const key = `${event.sessionId}\u0000${event.seq}`;
          if (seen.has(key)) continue;
          seen.add(key);
          fresh.push(event);
        } catch {
          invalid += 1;
        }
      }
      log.append(fresh);
      if (invalid > 0 && fresh.length === 0) {
        log.setStatus({ state: 'open', message: `Connected to ${label}; ${invalid} invalid frame(s) dropped.` });
      }
    });
    current.addEventListener('close', (event) => {
      if (closed || socket !== current) return;
      if (event.code === CLOSE_UNAUTHORIZED) {
        log.setStatus({
          state: 'error',
          message: `${label} rejected the session token. Copy the URL the relay printed again.`,
        });
        return;
      }
      // A browser cannot see why an upgrade failed (HTTP 401 for a wrong token looks like a relay that is down).
      const why = opened
        ? `${label} closed`
        : `Could not connect to ${label}: the relay is not running or refused the session token`;
      const delay = RECONNECT_DELAYS_MS[attempts];
      if (delay === undefined) {
        log.setStatus({ state: 'error', message: `${why}. Gave up after ${attempts} attempts; reload to try again.` });
        return;
      }
      attempts += 1;
      log.setStatus({ state: 'connecting', message: `${why}; retrying in ${delay / 1000} s…` });
      retryTimer = setTimeout(connect, delay);
    });
  };
  connect();

  return {
    kind: 'websocket',
    label,
    live: true,
    subscribe: log.subscribe,
    snapshot: log.snapshot,
    now: log.producerNow,
    close() {
      if (closed) return;
      closed = true;
      if (retryTimer !== null) clearTimeout(retryTimer);
      socket?.close();
      log.dispose();
    },
  };
}
