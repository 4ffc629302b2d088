// A tiny real HTTP server for tests: records every request and answers from a queue of canned replies.
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach } from 'vitest';

export interface RecordedRequest {
  method: string;
  /** Path and query exactly as received. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface CannedReply {
  status: number;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

export type Reply =
  | CannedReply
  /** Accept the request and never answer. */
  | { kind: 'hang' }
  /** Send the status line and headers, then stall the body forever. */
  | { kind: 'hang-body'; status: number; headers?: Record<string, string> }
  /** Close the connection without answering. */
  | { kind: 'destroy' };

export interface CannedServer {
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** Replies used in order; when the queue is empty the last reply repeats. */
  reply(...replies: Reply[]): void;
  close(): Promise<void>;
}

function send(res: ServerResponse, reply: CannedReply): void {
  res.writeHead(reply.status, reply.headers ?? {});
  res.end(reply.body ?? '');
}

export async function startCannedServer(): Promise<CannedServer> {
  const requests: RecordedRequest[] = [];
  let queue: Reply[] = [{ status: 500, body: 'no reply configured' }];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const reply = queue.length > 1 ? queue.shift()! : queue[0]!;
      if ('kind' in reply) {
        if (reply.kind === 'destroy') req.socket.destroy();
        if (reply.kind === 'hang-body') {
          res.writeHead(reply.status, reply.headers ?? {});
          res.write('{"access_token":');
        }
        return;
      }
      send(res, reply);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    reply(...replies) {
      queue = replies;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port on 127.0.0.1 where nothing listens (a server was there and has closed). */
export async function closedPort(): Promise<number> {
  const server = await startCannedServer();
  await server.close();
  return server.port;
}

/**
 * One canned server for the test file that calls it (started before its first test, closed after its last), with the
 * recorded requests cleared before each test. The returned object reads through to the running server.
 *
 * @example
 * ```ts
 * const server = useCannedServer();
 * it('…', async () => { server.reply(json(201, grant)); await createDcrHttp({ baseUrl: server.url })… });
 * ```
 */
export function useCannedServer(): CannedServer {
  let running: CannedServer | undefined;
  beforeAll(async () => {
    running = await startCannedServer();
  });
  afterAll(async () => {
    await running?.close();
  });
  beforeEach(() => {
    if (running !== undefined) running.requests.length = 0;
  });
  const current = (): CannedServer => {
    if (running === undefined) throw new Error('useCannedServer(): the server runs only inside the tests of its file.');
    return running;
  };
  return {
    get url() {
      return current().url;
    },
    get port() {
      return current().port;
    },
    get requests() {
      return current().requests;
    },
    reply: (...replies) => current().reply(...replies),
    close: () => current().close(),
  };
}
