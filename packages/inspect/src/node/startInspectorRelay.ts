import { randomBytes, timingSafeEqual } from 'node:crypto';
import { realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { InspectOptionsError } from '../errors/InspectOptionsError.ts';
import { createRedactor } from '../redaction/createRedactor.ts';
import { parseWireEvent } from '../wire/parseWireEvent.ts';
import type { WireEvent } from '../wire/types.ts';
import { createStatelyConverter, isStatelyMessage } from './createStatelyConverter.ts';
import { createStaticHandler } from './createStaticHandler.ts';
import { FrameBacklog } from './FrameBacklog.ts';

/**
 * Options of {@link startInspectorRelay}.
 *
 * @example
 * ```ts
 * import { createRequire } from 'node:module';
 * import { dirname, join } from 'node:path';
 * // The built inspector app is the payload of the @dcrflow/inspector package (npm i @dcrflow/inspector):
 * const inspectorDir = join(dirname(createRequire(import.meta.url).resolve('@dcrflow/inspector/package.json')), 'dist');
 * const options: InspectorRelayOptions = { port: 4400, serveStatic: { dir: inspectorDir } };
 * ```
 */
export interface InspectorRelayOptions {
  /** Default 0: an ephemeral port (read it from `url`). */
  port?: number;
  /** Loopback only, by design: the relay is a local debugging aid and must not be reachable from the network. */
  host?: '127.0.0.1';
  /** The secret every WebSocket URL must carry as `?session=`. Default: 128 random bits as 32 hex digits. */
  sessionToken?: string;
  /** Events kept for viewers that connect later (the newest this many). Default 10,000. */
  backlog?: number;
  /** …and at most this many bytes of them (the newest that fit). Default 64 MiB. */
  backlogBytes?: number;
  /**
   * A viewer whose unsent data exceeds this many bytes — live or while the backlog is replayed to it — is
   * disconnected (it reconnects and gets the backlog again). Default 64 MiB.
   */
  viewerBufferBytes?: number;
  /** Also serve a built single-page app (the inspector) over plain HTTP on the same port. */
  serveStatic?: { dir: string };
}

/**
 * A running relay.
 *
 * @example
 * ```ts
 * const relay: InspectorRelay = await startInspectorRelay();
 * console.log(relay.viewerUrl());
 * await relay.close();
 * ```
 */
export interface InspectorRelay {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  readonly url: string;
  /** Producer socket URL, `ws://127.0.0.1:<port>/?session=<token>`: give it to `webSocketTransport` or `createWebSocketInspector`. */
  readonly wsUrl: string;
  /** Viewer socket URL, `ws://127.0.0.1:<port>/?session=<token>&role=viewer`. */
  readonly viewerWsUrl: string;
  readonly sessionToken: string;
  /** The page to open: `url` + `appPath` (default `/`) + `?ws=<viewerWsUrl, URI-encoded>` (the inspector app reads `ws=`, last in the query). */
  viewerUrl(appPath?: string): string;
  /** Connection and traffic counters. */
  stats(): InspectorRelayStats;
  /** Closes every socket and the server. */
  close(): Promise<void>;
}

/**
 * Counters of a relay, for status lines and tests.
 *
 * @example
 * ```ts
 * const { producers, viewers, events } = relay.stats();
 * ```
 */
export interface InspectorRelayStats {
  producers: number;
  viewers: number;
  /** Events relayed since start. */
  events: number;
  /** Events currently kept for late viewers. */
  backlog: number;
  /** Bytes of those events. */
  backlogBytes: number;
  /** Producer frames that were neither a wire event nor an `@statelyai/inspect` message. */
  rejectedFrames: number;
}

const HOST = '127.0.0.1';
const MAX_FRAME_BYTES = 16 * 1024 * 1024;
/** A viewer this far behind is disconnected rather than buffered without bound. */
const DEFAULT_VIEWER_BUFFER_BYTES = 64 * 1024 * 1024;
const DEFAULT_BACKLOG_BYTES = 64 * 1024 * 1024;

/**
 * Only pages served from this machine may connect: a foreign site open in the same browser could otherwise read the
 * stream (or feed it) through the user's browser. A missing Origin means a non-browser client (Node, a CLI).
 */
function isLocalOrigin(origin: string | undefined): boolean {
  if (origin === undefined) return true;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  return (
    parsed.protocol === 'http:' &&
    (parsed.hostname === '127.0.0.1' || parsed.hostname === 'localhost') &&
    parsed.origin === origin
  );
}

/** Constant-time comparison, so response timing does not reveal how much of a guessed token was right. */
function tokenMatches(given: string | null, expected: Buffer): boolean {
  if (given === null) return false;
  const candidate = Buffer.from(given, 'utf8');
  return candidate.length === expected.length && timingSafeEqual(candidate, expected);
}

function refuse(socket: Duplex, status: number, reason: string, text: string): void {
  const body = `${text}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/**
 * Starts the inspection relay on 127.0.0.1: producers (`webSocketTransport`, or any XState v5 app through
 * `@statelyai/inspect`'s `createWebSocketInspector`) send events to `wsUrl`; viewers (the inspector app) connect
 * with `role=viewer`, first receive the backlog (the newest 10,000 events, at most 64 MiB), then every event live. Upgrades without
 * the session token are answered with HTTP 401, from a non-local Origin with 403. With `serveStatic` the same port
 * also serves the built inspector, so one URL (`viewerUrl()`) is all a user opens. The built inspector is the
 * payload of the `@dcrflow/inspector` package (`npm i -D @dcrflow/inspector`): resolve its directory through package
 * resolution, as below, rather than assuming a `node_modules` layout.
 *
 * @example
 * ```ts
 * import { createRequire } from 'node:module';
 * import { dirname, join } from 'node:path';
 * import { createInspectorBridge, webSocketTransport } from '@dcrflow/inspect';
 * import { startInspectorRelay } from '@dcrflow/inspect/node';
 *
 * const inspectorPackage = createRequire(import.meta.url).resolve('@dcrflow/inspector/package.json');
 * const relay = await startInspectorRelay({ serveStatic: { dir: join(dirname(inspectorPackage), 'dist') } });
 * const bridge = createInspectorBridge({ transport: webSocketTransport({ url: relay.wsUrl }) });
 * console.log(`Open ${relay.viewerUrl()}`);
 * ```
 */
export async function startInspectorRelay(options: InspectorRelayOptions = {}): Promise<InspectorRelay> {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new InspectOptionsError('startInspectorRelay: `port` must be an integer from 0 to 65535.');
  }
  if (options.host !== undefined && options.host !== HOST) {
    throw new InspectOptionsError('startInspectorRelay: the relay listens on 127.0.0.1 only.');
  }
  const sessionToken = options.sessionToken ?? randomBytes(16).toString('hex');
  if (typeof sessionToken !== 'string' || !/^[A-Za-z0-9_-]{16,}$/.test(sessionToken)) {
    throw new InspectOptionsError(
      'startInspectorRelay: `sessionToken` must be at least 16 characters of letters, digits, "-" or "_".',
    );
  }
  const backlogSize = options.backlog ?? 10_000;
  if (!Number.isInteger(backlogSize) || backlogSize < 0) {
    throw new InspectOptionsError('startInspectorRelay: `backlog` must be a non-negative integer.');
  }
  const backlogBytes = options.backlogBytes ?? DEFAULT_BACKLOG_BYTES;
  const viewerBufferBytes = options.viewerBufferBytes ?? DEFAULT_VIEWER_BUFFER_BYTES;
  for (const [name, value] of [
    ['backlogBytes', backlogBytes],
    ['viewerBufferBytes', viewerBufferBytes],
  ] as const) {
    if (!Number.isSafeInteger(value) || value <= 0) {
      throw new InspectOptionsError(`startInspectorRelay: \`${name}\` must be a positive whole number of bytes.`);
    }
  }
  let serveFiles: ((request: IncomingMessage, response: ServerResponse) => Promise<void>) | undefined;
  if (options.serveStatic !== undefined) {
    let root: string;
    try {
      root = await realpath(options.serveStatic.dir);
      if (!(await stat(root)).isDirectory()) throw new Error('not a directory');
    } catch {
      throw new InspectOptionsError(`startInspectorRelay: \`serveStatic.dir\` must be an existing directory.`);
    }
    serveFiles = createStaticHandler(root);
  }

  const expectedToken = Buffer.from(sessionToken, 'utf8');
  const backlog = new FrameBacklog(backlogSize, backlogBytes);
  const viewers = new Set<WebSocket>();
  const producers = new Set<WebSocket>();
  const redactor = createRedactor();
  let relayed = 0;
  let rejectedFrames = 0;
  let statelyConnections = 0;

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });

  function broadcast(event: WireEvent): void {
    const frame = JSON.stringify(event);
    relayed++;
    backlog.push(frame);
    for (const viewer of viewers) {
      if (viewer.readyState !== viewer.OPEN) continue;
      if (!sendOrDrop(viewer, frame)) continue;
    }
  }

  /**
   * Sends unless the viewer already has more than `viewerBufferBytes` unsent: then it is dropped. `terminate`, not
   * `close`: a close frame would queue behind the data it cannot read, and the memory would stay held.
   */
  function sendOrDrop(viewer: WebSocket, frame: string): boolean {
    if (viewer.bufferedAmount > viewerBufferBytes) {
      viewers.delete(viewer);
      viewer.terminate();
      return false;
    }
    viewer.send(frame);
    return true;
  }

  function acceptProducer(socket: WebSocket): void {
    producers.add(socket);
    // `@statelyai/inspect` events carry no session of ours: each such connection becomes one.
    let convertStately: ReturnType<typeof createStatelyConverter> | undefined;
    socket.on('message', (data, isBinary) => {
      if (isBinary) {
        rejectedFrames++;
        return;
      }
      let value: unknown;
      try {
        value = JSON.parse(data.toString());
      } catch {
        rejectedFrames++;
        return;
      }
      if (isStatelyMessage(value)) {
        convertStately ??= createStatelyConverter(`stately-${++statelyConnections}`, redactor);
        const event = convertStately(value);
        if (event === undefined) rejectedFrames++;
        else broadcast(event);
        return;
      }
      try {
        // Our producers redacted with the app's own rules already; the relay only checks the shape.
        broadcast(parseWireEvent(value));
      } catch {
        rejectedFrames++;
      }
    });
    socket.on('close', () => producers.delete(socket));
    socket.on('error', () => socket.terminate());
  }

  function acceptViewer(socket: WebSocket): void {
    // The replay obeys the same limit as live traffic: a viewer that cannot take the backlog is dropped, instead of
    // the relay buffering all of it for a socket that does not read.
    for (const frame of backlog.frames()) if (!sendOrDrop(socket, frame)) return;
    viewers.add(socket);
    // Viewers only listen.
    socket.on('close', () => viewers.delete(socket));
    socket.on('error', () => socket.terminate());
  }

  const server = createServer((request, response) => {
    if (serveFiles !== undefined) {
      serveFiles(request, response).catch(() => {
        if (!response.headersSent) response.writeHead(500);
        response.end();
      });
      return;
    }
    const text = 'This is the dcrflow inspection relay: connect over WebSocket with the session token.\n';
    response.writeHead(426, { 'Content-Type': 'text/plain; charset=utf-8', Upgrade: 'websocket' });
    response.end(text);
  });

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = new URL(request.url ?? '/', `http://${HOST}`);
    if (url.pathname !== '/') {
      refuse(socket, 404, 'Not Found', 'The inspection relay listens on / only.');
      return;
    }
    if (!isLocalOrigin(request.headers.origin)) {
      refuse(socket, 403, 'Forbidden', 'Only pages served from 127.0.0.1 or localhost may connect.');
      return;
    }
    if (!tokenMatches(url.searchParams.get('session'), expectedToken)) {
      refuse(socket, 401, 'Unauthorized', 'The session token is missing or wrong.');
      return;
    }
    const role = url.searchParams.get('role') ?? 'producer';
    if (role !== 'producer' && role !== 'viewer') {
      refuse(socket, 400, 'Bad Request', 'The role must be "producer" or "viewer".');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      if (role === 'viewer') acceptViewer(ws);
      else acceptProducer(ws);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const boundPort = typeof address === 'object' && address !== null ? address.port : port;
  const url = `http://${HOST}:${boundPort}`;
  const token = encodeURIComponent(sessionToken);
  const wsUrl = `ws://${HOST}:${boundPort}/?session=${token}`;
  const viewerWsUrl = `${wsUrl}&role=viewer`;
  let closing: Promise<void> | undefined;

  return {
    url,
    wsUrl,
    viewerWsUrl,
    sessionToken,
    viewerUrl(appPath = '/') {
      const path = appPath.startsWith('/') ? appPath : `/${appPath}`;
      return `${url}${path}${path.includes('?') ? '&' : '?'}ws=${encodeURIComponent(viewerWsUrl)}`;
    },
    stats() {
      return {
        producers: producers.size,
        viewers: viewers.size,
        events: relayed,
        backlog: backlog.size,
        backlogBytes: backlog.bytes,
        rejectedFrames,
      };
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const client of wss.clients) client.close(1001, 'Relay closing.');
        // Give the close handshakes a moment, then cut whatever is left.
        const force = setTimeout(() => {
          for (const client of wss.clients) client.terminate();
          server.closeAllConnections();
        }, 500);
        wss.close();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
