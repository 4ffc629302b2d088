import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../src/node/index.ts';
import { DEVICE_INFO, encodeDeviceInfo, getToken, registerClient, start } from './helpers.ts';

let sim: RunningSimulator;
let statement: string;
let credentials: { client_id: string; client_secret: string };
let accessToken: string;

beforeAll(async () => {
  sim = await start({ throttle: false });
  const client = await registerClient(sim.url);
  statement = client.software_statement;
  credentials = { client_id: client.client_id, client_secret: client.client_secret };
  accessToken = await getToken(sim.url, client);
});
afterAll(() => sim.close());

const ascii = (maxLength: number) => fc.string({ unit: 'grapheme-ascii', maxLength });

const segment = fc.oneof(
  fc.constantFrom('o', 'client', 'register', 'token', 'api', 'v2', 'REF', 'configuration', 'admin', 'stats'),
  fc.constantFrom('..', '.', '%', '%zz', '%E0%A4%A', '%00', '%2F', '', 'software-statements', 'clients', 'revoke'),
  fc.string({ maxLength: 8 }).map(encodeURIComponent),
);

const path = fc
  .oneof(
    fc.constantFrom(
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
    fc.array(segment, { maxLength: 5 }).map((segments) => `/${segments.join('/')}`),
  )
  // Faults are what this test proves absent; the fuzzer must not arm any.
  .filter((candidate) => !candidate.includes('faults'));

const query = fc.oneof(
  fc.constant(''),
  fc.constant('?%zz'),
  fc
    .array(fc.tuple(fc.constantFrom('grant_type', 'client_id', 'client_secret', 'refresh_token', 'x'), fc.string()), {
      maxLength: 4,
    })
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
      ascii(30),
    ),
    'x-device-info': fc.oneof(fc.constant(DEVICE_INFO), fc.jsonValue({ maxDepth: 3 }).map(encodeDeviceInfo), ascii(40)),
    authorization: fc.oneof(
      fc.constant('Bearer x'),
      fc.constantFrom('Bearer', 'Basic', 'Basic %%%', 'Digest x'),
      ascii(40).map((value) => `Bearer ${value}`),
      fc.string({ maxLength: 40 }).map((value) => `Basic ${Buffer.from(value).toString('base64')}`),
    ),
    'x-forwarded-for': ascii(30),
    'ap-device-identifier': fc.oneof(fc.constant('fingerprint YWJj'), ascii(30)),
    accept: fc.constantFrom('application/json', 'text/html', '*/*'),
  },
  { requiredKeys: [] },
);

type Body = string | Uint8Array<ArrayBuffer> | 'valid-register' | 'valid-token' | undefined;
const body: fc.Arbitrary<Body> = fc.oneof(
  fc.constant(undefined),
  fc.constant<Body>('valid-register'),
  fc.constant<Body>('valid-token'),
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value) ?? 'null'),
  fc.uint8Array({ maxLength: 300 }),
  fc
    .array(fc.tuple(fc.constantFrom('grant_type', 'client_id', 'client_secret', 'software_statement'), fc.string()), {
      maxLength: 4,
    })
    .map((pairs) => new URLSearchParams(pairs).toString()),
);

const request = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
  path,
  query,
  headers,
  body,
  useRealToken: fc.boolean(),
});

function materialise(value: Body): string | Uint8Array<ArrayBuffer> | undefined {
  if (value === 'valid-register') return JSON.stringify({ software_statement: statement });
  if (value === 'valid-token')
    return new URLSearchParams({ grant_type: 'client_credentials', ...credentials }).toString();
  return value;
}

describe('fuzz', () => {
  // Bounded work (2,000 runs), generous time: 2–3 s idle, but 33–43 s measured in loaded runs (60 s default limit).
  it('answers 2,000 random requests without a 5xx, each well-formed', { timeout: 240_000 }, async () => {
    const seen = new Set<number>();
    await fc.assert(
      fc.asyncProperty(request, async (input) => {
        const requestHeaders: Record<string, string> = { ...input.headers };
        if (input.useRealToken && requestHeaders.authorization?.startsWith('Bearer')) {
          requestHeaders.authorization = `Bearer ${accessToken}`;
        }
        const sendsBody = input.method !== 'GET' && input.method !== 'HEAD';
        const response = await fetch(`${sim.url}${input.path}${input.query}`, {
          method: input.method,
          headers: requestHeaders,
          ...(sendsBody ? { body: materialise(input.body) ?? null } : {}),
        });
        seen.add(response.status);
        const text = await response.text();
        expect(response.status).toBeGreaterThanOrEqual(200);
        expect(response.status).toBeLessThan(500);
        if (response.status === 204 || input.method === 'HEAD') {
          expect(text).toBe('');
          return;
        }
        const contentType = response.headers.get('content-type') ?? '';
        expect(contentType).toMatch(/^application\/json;charset=utf-8$/);
        const parsed = JSON.parse(text) as Record<string, unknown>;
        const pathname = new URL(response.url).pathname;
        if (pathname.startsWith('/o/') || pathname.startsWith('/api/')) {
          expect(response.headers.get('access-control-allow-origin')).toBe('*');
        }
        if (response.status >= 400) {
          if (pathname.startsWith('/api/')) {
            expect(parsed).toMatchObject({
              action: expect.any(String),
              status: response.status,
              code: expect.any(String),
              message: expect.any(String),
              helpUrl: expect.any(String),
            });
          } else {
            expect(parsed).toMatchObject({ error: expect.any(String), error_description: expect.any(String) });
          }
        }
      }),
      { seed: 20_260_127, numRuns: 2000 },
    );
    // The generators reached success paths, client errors and routing errors alike.
    for (const status of [200, 201, 204, 400, 401, 404, 405]) expect(seen, `status ${status}`).toContain(status);
    const stats = sim.simulator.stats();
    expect(Object.keys(stats.responses).filter((status) => status.startsWith('5'))).toEqual([]);
    expect(stats.faultsInjected).toBe(0);
  });
});
