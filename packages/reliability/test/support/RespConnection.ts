import { connect, type Socket } from 'node:net';

/** A Redis reply: simple string, integer, bulk string (null when absent), array, or an error reply (`Error`). */
export type RespReply = string | number | null | Error | RespReply[];

/**
 * A minimal RESP2 connection for the test's own view of Redis (CLIENT KILL, HMGET), independent of the node-redis
 * client under test — so killing every "normal" client can skip this one (`SKIPME yes`). One command at a time.
 */
export class RespConnection {
  readonly #socket: Socket;
  #buffer = Buffer.alloc(0);
  #pending: { resolve: (reply: RespReply) => void; reject: (error: Error) => void } | undefined;

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.on('data', (chunk: Buffer) => {
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      this.#drain();
    });
    socket.on('close', () => this.#pending?.reject(new Error('the Redis connection closed')));
    socket.on('error', () => undefined);
  }

  static open(port: number): Promise<RespConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('connect', () => resolve(new RespConnection(socket)));
      socket.once('error', reject);
    });
  }

  command(args: readonly string[]): Promise<RespReply> {
    if (this.#pending !== undefined) return Promise.reject(new Error('one command at a time'));
    const parts = [`*${args.length}\r\n`];
    for (const arg of args) parts.push(`$${Buffer.byteLength(arg)}\r\n${arg}\r\n`);
    return new Promise((resolve, reject) => {
      this.#pending = { resolve, reject };
      this.#socket.write(parts.join(''));
    });
  }

  close(): void {
    this.#socket.destroy();
  }

  #drain(): void {
    const parsed = parse(this.#buffer, 0);
    if (parsed === undefined || this.#pending === undefined) return;
    this.#buffer = this.#buffer.subarray(parsed.end);
    const pending = this.#pending;
    this.#pending = undefined;
    pending.resolve(parsed.reply);
  }
}

/** Parses one reply starting at `offset`; `undefined` while it is incomplete. */
function parse(buffer: Buffer, offset: number): { reply: RespReply; end: number } | undefined {
  const lineEnd = buffer.indexOf('\r\n', offset);
  if (lineEnd < 0) return undefined;
  const type = String.fromCharCode(buffer[offset] ?? 0);
  const line = buffer.toString('utf8', offset + 1, lineEnd);
  const next = lineEnd + 2;
  switch (type) {
    case '+':
      return { reply: line, end: next };
    case '-':
      return { reply: new Error(line), end: next };
    case ':':
      return { reply: Number(line), end: next };
    case '$': {
      const length = Number(line);
      if (length < 0) return { reply: null, end: next };
      if (buffer.length < next + length + 2) return undefined;
      return { reply: buffer.toString('utf8', next, next + length), end: next + length + 2 };
    }
    case '*': {
      const length = Number(line);
      if (length < 0) return { reply: null, end: next };
      const items: RespReply[] = [];
      let at = next;
      for (let i = 0; i < length; i++) {
        const item = parse(buffer, at);
        if (item === undefined) return undefined;
        items.push(item.reply);
        at = item.end;
      }
      return { reply: items, end: at };
    }
    default:
      throw new Error(`unexpected RESP type ${JSON.stringify(type)}`);
  }
}
