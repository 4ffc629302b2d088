// 10,000 random HTTP requests against the simulator running as its own process (its bin, throttle off, no faults
// armed): well-formed requests with random methods, paths, headers and bodies through fetch, and broken HTTP written
// straight to a socket. Proves: the process never crashes, no answer is a 5xx, every JSON answer parses, every DCR
// error has the OAuth shape and every REST v2 error the enhanced-error shape.
import { connect } from 'node:net';
import { encodeDeviceInfo } from '@dcrflow/protocol';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type SimulatorProcess, startSimulatorProcess } from './support/simulatorProcess.ts';

const SEED = 20_261_127;
const REQUESTS = 10_000;
const CONCURRENCY = 16;
const DEVICE_INFO = encodeDeviceInfo({
  model: 'fuzz',
  version: '1',
  osName: 'Linux',
  osVersion: '6',
  connectionType: 'LAN',
});

let sim: SimulatorProcess;
let url: string;
let statement: string;
let credentials: { client_id: string; client_secret: string };
let accessToken: string;

beforeAll(async () => {
  sim = await startSimulatorProcess(['--no-throttle']);
  url = sim.url;
  statement = (await sim.mint()).software_statement;
  const post = async (path: string, body: string, type: string) =>
    (await (
      await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': type }, body })
    ).json()) as Record<string, string>;
  const registered = await post(
    '/o/client/register',
    JSON.stringify({ software_statement: statement }),
    'application/json',
  );
  credentials = { client_id: registered.client_id!, client_secret: registered.client_secret! };
  const form = new URLSearchParams({ grant_type: 'client_credentials', ...credentials }).toString();
  accessToken = (await post('/o/client/token', form, 'application/x-www-form-urlencoded')).access_token!;
});

afterAll(async () => {
  await sim.close();
});

const ascii = (maxLength: number) => fc.string({ unit: 'grapheme-ascii', maxLength });
const segment = fc.oneof(
  fc.constantFrom('o', 'client', 'register', 'token', 'api', 'v2', 'REF', 'configuration', 'admin', 'stats', 'clock'),
  fc.constantFrom(
    '..',
    '.',
    '%',
    '%zz',
    '%E0%A4%A',
    '%00',
    '%2F',
    '',
    'software-statements',
    'clients',
    'revoke',
    'jwks',
  ),
  fc.string({ maxLength: 8 }).map(encodeURIComponent),
);
const path = fc
  .oneof(
    {
      weight: 4,
      arbitrary: fc.constantFrom(
        '/o/client/register',
        '/o/client/token',
        '/api/v2/REF30/configuration',
        '/admin/stats',
        '/admin/requests',
        '/admin/jwks',
        '/admin/software-statements',
        '/admin/clock',
        '/admin/clients/someone',
        '/admin/software-statements/fuzz/revoke',
        '/',
      ),
    },
    fc.array(segment, { maxLength: 5 }).map((segments) => `/${segments.join('/')}`),
  )
  // Armed faults answer 5xx and reset connections on purpose; this test proves them absent otherwise.
  .filter((candidate) => !candidate.toLowerCase().includes('faults'));
const query = fc.oneof(
  fc.constant(''),
  fc.constant('?%zz'),
  fc
    .array(
      fc.tuple(fc.constantFrom('grant_type', 'client_id', 'client_secret', 'software_statement', 'x'), fc.string()),
      {
        maxLength: 4,
      },
    )
    .map((pairs) => `?${new URLSearchParams(pairs)}`),
);
const headers = fc.record(
  {
    'content-type': fc.oneof(
      fc.constantFrom(
        'application/json',
        'application/json;charset=utf-8',
        'application/x-www-form-urlencoded',
        'text/plain',
        'application/json; charset=latin1',
        'multipart/form-data; boundary=x',
      ),
      ascii(40),
    ),
    'x-device-info': fc.oneof(fc.constant(DEVICE_INFO), fc.base64String({ maxLength: 60 }), ascii(60)),
    authorization: fc.oneof(
      fc.constantFrom('Bearer', 'Basic', 'Basic %%%', 'Digest x', 'Bearer real-token'),
      ascii(60).map((value) => `Bearer ${value}`),
      fc.string({ maxLength: 40 }).map((value) => `Basic ${Buffer.from(value).toString('base64')}`),
    ),
    'x-forwarded-for': ascii(40),
    'ap-device-identifier': fc.oneof(fc.constant('fingerprint YWJj'), ascii(30)),
    accept: fc.constantFrom('application/json', 'text/html', '*/*'),
    origin: fc.constantFrom('http://127.0.0.1:5173', 'https://evil.example', 'null'),
  },
  { requiredKeys: [] },
);
type BodyChoice = string | Uint8Array<ArrayBuffer> | undefined;
const body: fc.Arbitrary<BodyChoice> = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom('valid-register', 'valid-token'),
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value) ?? 'null'),
  fc.uint8Array({ maxLength: 300 }),
  fc
    .array(fc.tuple(fc.constantFrom('grant_type', 'client_id', 'client_secret', 'software_statement'), fc.string()), {
      maxLength: 4,
    })
    .map((pairs) => new URLSearchParams(pairs).toString()),
  fc.constantFrom('['.repeat(5_000), `{"software_statement":"${'x'.repeat(70_000)}"}`, '\uFEFF{}', '%', '%E0%A4%A'),
);
const wellFormed = fc.record({
  kind: fc.constant('fetch' as const),
  // Mostly the methods the endpoints take, so most requests get past routing into the handlers.
  method: fc.oneof(
    { weight: 6, arbitrary: fc.constant('POST') },
    { weight: 2, arbitrary: fc.constant('GET') },
    fc.constantFrom('PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
  ),
  path,
  query,
  headers,
  body,
});
/** Broken HTTP that fetch cannot send: garbage, bad request lines and headers, lying lengths, bad chunks, huge URLs. */
const raw = fc
  .oneof(
    fc.uint8Array({ minLength: 1, maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
    fc.string({ maxLength: 80 }).map((line) => Buffer.from(`${line}\r\n\r\n`)),
    fc
      .constantFrom(
        'GET / HTTP/9.9\r\n\r\n',
        'POST /o/client/register HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\nContent-Type: application/json\r\n\r\n{"softw',
        'POST /o/client/token HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n',
        'POST /o/client/token HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nabcde',
        'GET /admin/stats HTTP/1.1\r\nHost: x\r\nBroken header line\r\n\r\n',
        `GET /${'a'.repeat(100_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
        `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(100_000)}\r\n\r\n`,
        'POST /o/client/register HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n',
        'GET /api/v2/x/configuration HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \u0000\r\n\r\n',
      )
      .map((text) => Buffer.from(text, 'latin1')),
  )
  .map((bytes) => ({ kind: 'raw' as const, bytes }));
const request = fc.oneof({ weight: 19, arbitrary: wellFormed }, { weight: 1, arbitrary: raw });

function materialise(value: BodyChoice): string | Uint8Array<ArrayBuffer> | undefined {
  if (value === 'valid-register') return JSON.stringify({ software_statement: statement });
  if (value === 'valid-token')
    return new URLSearchParams({ grant_type: 'client_credentials', ...credentials }).toString();
  return value;
}

/** Sends raw bytes; resolves with the status of the first answer, or 0 when the server just closed. */
function sendRaw(bytes: Buffer): Promise<number> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port: Number(new URL(url).port) });
    let answer = '';
    const done = () => {
      socket.destroy();
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(answer)?.[1];
      resolve(status === undefined ? 0 : Number(status));
    };
    socket.setTimeout(1_000, done);
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
      if (/^HTTP\/1\.[01] \d{3}/.test(answer)) done();
    });
    socket.on('error', done);
    socket.on('close', done);
    socket.write(bytes, () => socket.end());
  });
}

it(`the simulator process answers ${REQUESTS.toLocaleString('en-US')} random requests with 0 crashes and 0 5xx, every answer well-formed`, {
  timeout: 150_000,
}, async () => {
  const inputs = fc.sample(request, { seed: SEED, numRuns: REQUESTS });
  const problems: string[] = [];
  const statuses = new Map<number, number>();
  let rawSent = 0;
  const started = performance.now();
  let next = 0;

  async function handle(input: (typeof inputs)[number]): Promise<void> {
    if (input.kind === 'raw') {
      rawSent += 1;
      const status = await sendRaw(input.bytes);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (status >= 500)
        problems.push(`raw ${JSON.stringify(input.bytes.toString('latin1').slice(0, 60))} → ${status}`);
      return;
    }
    const requestHeaders: Record<string, string> = { ...input.headers };
    if (requestHeaders.authorization === 'Bearer real-token') requestHeaders.authorization = `Bearer ${accessToken}`;
    const sendsBody = input.method !== 'GET' && input.method !== 'HEAD';
    const payload = sendsBody ? materialise(input.body) : undefined;
    let response: Response;
    try {
      response = await fetch(`${url}${input.path}${input.query}`, {
        method: input.method,
        headers: requestHeaders,
        ...(payload === undefined ? {} : { body: payload }),
      });
    } catch (error) {
      problems.push(`${input.method} ${input.path}: no answer (${(error as Error).message})`);
      return;
    }
    const text = await response.text();
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    const where = `${input.method} ${input.path}${input.query} → ${response.status}`;
    if (response.status >= 500) problems.push(where);
    const type = response.headers.get('content-type') ?? '';
    if (text === '' || !type.includes('json')) {
      if (response.status >= 400 && input.method !== 'HEAD')
        problems.push(`${where}: error without a JSON body (${type})`);
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      problems.push(`${where}: unparseable JSON`);
      return;
    }
    if (response.status >= 400) {
      const shape = json as { error?: unknown; code?: unknown };
      // The path as the server saw it: fetch resolves dot segments.
      const served = new URL(response.url).pathname;
      const ok = served.startsWith('/api/') ? typeof shape.code === 'string' : typeof shape.error === 'string';
      if (!ok) problems.push(`${where}: error body of the wrong shape`);
    }
  }

  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < inputs.length) {
        const input = inputs[next++]!;
        await handle(input);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;

  // The process is alive, logged no crash, and its own counters agree: not one 5xx.
  expect(sim.child.exitCode).toBeNull();
  expect(sim.child.signalCode).toBeNull();
  expect(sim.stderr()).not.toMatch(/error|exception/i);
  const stats = await sim.stats();
  const serverErrors = Object.entries(stats.responses).filter(([status]) => Number(status) >= 500);
  expect({ problems: problems.slice(0, 10), serverErrors }).toEqual({ problems: [], serverErrors: [] });

  const histogram = [...statuses.entries()].sort((a, b) => a[0] - b[0]);
  console.log(
    `simulator fuzz: ${REQUESTS.toLocaleString('en-US')} requests (${REQUESTS - rawSent} through fetch, ${rawSent} raw broken HTTP), seed ${SEED}, ` +
      `${CONCURRENCY} at a time, ${seconds.toFixed(1)} s: 0 crashes, 0 5xx; statuses ${histogram.map(([status, n]) => `${status === 0 ? 'closed' : status}×${n}`).join(' ')}`,
  );
});
