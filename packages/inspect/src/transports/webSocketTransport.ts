import { InspectOptionsError } from '../errors/InspectOptionsError.ts';
import type { WireEvent } from '../wire/types.ts';
import { BoundedQueue } from './BoundedQueue.ts';
import type { InspectTransport } from './InspectTransport.ts';

/** The part of the WHATWG WebSocket this transport uses (browsers, Node ≥ 22's global, or the `ws` package). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: never) => void) | null;
  onclose: ((event: never) => void) | null;
  onerror: ((event: never) => void) | null;
}

/** A constructor of {@link WebSocketLike} sockets, such as `globalThis.WebSocket` or `ws`'s default export. */
export type WebSocketConstructorLike = new (url: string) => WebSocketLike;

/**
 * Options of {@link webSocketTransport}.
 *
 * @example
 * ```ts
 * const options: WebSocketTransportOptions = { url: relay.wsUrl, bufferSize: 1_000, reconnect: { maxDelayMs: 5_000 } };
 * ```
 */
export interface WebSocketTransportOptions {
  /** The relay's producer URL, `ws://127.0.0.1:<port>/?session=<token>` (`startInspectorRelay().wsUrl`). */
  url: string | URL;
  /** Events kept while the socket is not open; the oldest are dropped beyond it. Default 10,000. */
  bufferSize?: number;
  /** Reconnect backoff after the socket closes or fails to open (doubling), or `false` for none. Default 250 ms → 10 s. */
  reconnect?: { initialDelayMs?: number; maxDelayMs?: number } | false;
  /** Default `globalThis.WebSocket`. */
  WebSocket?: WebSocketConstructorLike;
  /** How long `close()` waits to deliver what is buffered. Default 1,000 ms. */
  closeTimeoutMs?: number;
}

/**
 * A WebSocket transport: see {@link webSocketTransport}.
 *
 * @example
 * ```ts
 * const transport: WebSocketTransport = webSocketTransport({ url });
 * setInterval(() => console.log(transport.state, transport.dropped), 5_000);
 * ```
 */
export interface WebSocketTransport extends InspectTransport {
  /** `waiting` = between a close and the next reconnect attempt. */
  readonly state: 'connecting' | 'open' | 'waiting' | 'closed';
  /** Events dropped because the buffer was full while disconnected. */
  readonly dropped: number;
  /** Sends what is buffered (bounded by `closeTimeoutMs`), closes the socket and stops reconnecting. */
  close(): Promise<void>;
}

const OPEN = 1;

/**
 * Streams wire events to the inspection relay (`startInspectorRelay` from `@dcrflow/inspect/node`) over a
 * WebSocket, from a browser or from Node ≥ 22. It connects at once, buffers while the socket is not open (bounded:
 * oldest dropped first), reconnects with exponential backoff, and never throws into the machine; a bad URL throws
 * {@link InspectOptionsError} here, at setup.
 *
 * @example
 * ```ts
 * import { createInspectorBridge, webSocketTransport } from '@dcrflow/inspect';
 * const bridge = createInspectorBridge({
 *   transport: webSocketTransport({ url: 'ws://127.0.0.1:4400/?session=3f…' }),
 * });
 * const client = createDcrClient({ baseUrl, softwareStatement, store, inspect: bridge.inspect });
 * ```
 */
export function webSocketTransport(options: WebSocketTransportOptions): WebSocketTransport {
  let url: URL;
  try {
    url = new URL(String(options.url));
  } catch {
    throw new InspectOptionsError('webSocketTransport: `url` must be an absolute ws:// or wss:// URL.');
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new InspectOptionsError('webSocketTransport: `url` must be a ws:// or wss:// URL.');
  }
  const MaybeSocket = options.WebSocket ?? (globalThis.WebSocket as unknown as WebSocketConstructorLike | undefined);
  if (typeof MaybeSocket !== 'function') {
    throw new InspectOptionsError(
      'webSocketTransport: no WebSocket implementation here; pass one as the `WebSocket` option (e.g. from "ws").',
    );
  }
  const Socket: WebSocketConstructorLike = MaybeSocket;
  const bufferSize = options.bufferSize ?? 10_000;
  if (!Number.isInteger(bufferSize) || bufferSize < 0) {
    throw new InspectOptionsError('webSocketTransport: `bufferSize` must be a non-negative integer.');
  }
  const reconnect =
    options.reconnect === false ? false : { initialDelayMs: 250, maxDelayMs: 10_000, ...options.reconnect };
  const closeTimeoutMs = options.closeTimeoutMs ?? 1_000;
  const href = url.href;

  const queue = new BoundedQueue<string>(bufferSize);
  let socket: WebSocketLike | undefined;
  let state: WebSocketTransport['state'] = 'connecting';
  let closing = false;
  let delay = reconnect === false ? 0 : reconnect.initialDelayMs;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onFinalClose: (() => void) | undefined;

  function flush(ws: WebSocketLike): void {
    while (queue.size > 0 && ws.readyState === OPEN) {
      const frame = queue.shift() as string;
      try {
        ws.send(frame);
      } catch {
        return;
      }
    }
  }

  function scheduleReconnect(): void {
    if (closing || reconnect === false) return;
    state = 'waiting';
    timer = setTimeout(connect, delay);
    // An inspection side channel must not keep a Node process alive on its own.
    (timer as { unref?: () => void }).unref?.();
    delay = Math.min(delay * 2, reconnect.maxDelayMs);
  }

  function connect(): void {
    if (closing) return;
    state = 'connecting';
    let ws: WebSocketLike;
    try {
      ws = new Socket(href);
    } catch {
      scheduleReconnect();
      return;
    }
    socket = ws;
    ws.onopen = () => {
      if (socket !== ws) return;
      state = 'open';
      if (reconnect !== false) delay = reconnect.initialDelayMs;
      flush(ws);
      if (closing) ws.close(1000, 'inspection finished');
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = undefined;
      if (closing) {
        onFinalClose?.();
        return;
      }
      scheduleReconnect();
    };
    // Every error is followed by a close event, where the reconnect is scheduled.
    ws.onerror = () => {};
  }

  connect();

  return {
    get state() {
      return state;
    },
    get dropped() {
      return queue.dropped;
    },
    send(event: WireEvent) {
      if (closing) return;
      let frame: string;
      try {
        frame = JSON.stringify(event);
      } catch {
        return;
      }
      if (socket !== undefined && socket.readyState === OPEN && queue.size === 0) {
        try {
          socket.send(frame);
          return;
        } catch {
          // Fall through: keep it for after the reconnect.
        }
      }
      queue.push(frame);
    },
    close() {
      if (closing) return Promise.resolve();
      closing = true;
      clearTimeout(timer);
      const ws = socket;
      if (ws === undefined) {
        state = 'closed';
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => {
        const finish = () => {
          clearTimeout(deadline);
          state = 'closed';
          resolve();
        };
        const deadline = setTimeout(() => {
          try {
            ws.close();
          } catch {
            // Already closed.
          }
          finish();
        }, closeTimeoutMs);
        onFinalClose = finish;
        if (ws.readyState === OPEN) {
          flush(ws);
          ws.close(1000, 'inspection finished');
        }
        // CONNECTING: onopen flushes and closes; a failed open ends in onclose.
      });
    },
  };
}
