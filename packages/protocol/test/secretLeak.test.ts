import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processRegisterResponse } from '../src/http/processRegisterResponse.ts';
import { processTokenResponse } from '../src/http/processTokenResponse.ts';
import { createDcrHttp, DcrError, type DcrHttpOptions } from '../src/index.ts';
import { type CannedServer, closedPort, type Reply, startCannedServer } from './support/cannedServer.ts';
import { html, json, rejectionOf } from './support/replies.ts';

const STATEMENT = 'eyJhbGciOiJSUzI1NiJ9.STATEMENT-SECRET-7f3a9c.c2lnbmF0dXJl';
const CLIENT_ID = 'client-id-public';
const CLIENT_SECRET = 'CLIENT-SECRET-b81e+/= &x';
const ACCESS_TOKEN = 'ACCESS-TOKEN-SECRET-e4d2c1';
const ISSUED_SECRET = 'ISSUED-SECRET-19ab77';

/** Every form in which a secret could show up: raw, URL/form-encoded, and inside the Basic header. */
const FORBIDDEN = [
  STATEMENT,
  'STATEMENT-SECRET-7f3a9c',
  CLIENT_SECRET,
  encodeURIComponent(CLIENT_SECRET),
  new URLSearchParams([['', CLIENT_SECRET]]).toString().slice(1),
  'CLIENT-SECRET-b81e',
  btoa(`${CLIENT_ID}:${new URLSearchParams([['', CLIENT_SECRET]]).toString().slice(1)}`),
  ACCESS_TOKEN,
  ISSUED_SECRET,
];

/** Everything reachable from an error that a logger, serializer or debugger could print. */
function renderings(error: unknown): string[] {
  const texts = [String(error), inspect(error, { depth: null, showHidden: true }), JSON.stringify(error)];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 10; depth += 1) {
    const record = current as { message?: unknown; stack?: unknown; cause?: unknown };
    texts.push(String(record.message), String(record.stack));
    for (const key of Object.keys(current as object)) {
      expect(['request', 'response', 'options', 'headers', 'body']).not.toContain(key);
    }
    current = record.cause;
  }
  return texts;
}

function expectNoSecrets(error: unknown): void {
  expect(DcrError.is(error)).toBe(true);
  for (const text of renderings(error)) {
    for (const secret of FORBIDDEN) expect(text).not.toContain(secret);
  }
}

let server: CannedServer;
beforeAll(async () => {
  server = await startCannedServer();
});
afterAll(async () => {
  await server.close();
});

/** Hostile replies that echo the request's own secret back in every field we might surface. */
function echoes(secret: string): [string, Reply][] {
  return [
    [
      'an OAuth error that quotes the secret',
      json(400, { error: `invalid_client ${secret}`, error_description: `bad secret ${secret}` }),
    ],
    [
      'an OAuth error that quotes the encoded secret',
      json(401, { error: 'invalid_client', error_description: `got ${encodeURIComponent(secret)}` }),
    ],
    [
      'an enhanced error that quotes the secret',
      json(401, { code: `bad_${secret}`, action: secret, message: `secret ${secret} is revoked` }),
    ],
    ['a 2xx token body missing a field but holding a token', json(201, { access_token: ACCESS_TOKEN, token_type: 7 })],
    ['a 2xx register body missing client_id', json(201, { client_secret: ISSUED_SECRET, client_id: 5 })],
    [
      'an HTML 503 page that quotes the secret',
      { status: 503, headers: { 'content-type': 'text/html' }, body: secret },
    ],
    [
      'a 200 with a content type holding a secret',
      { status: 200, headers: { 'content-type': `text/${ACCESS_TOKEN}` }, body: '{}' },
    ],
    ['a 429', html(429)],
    ['truncated JSON holding the token', json(201, `{"access_token":"${ACCESS_TOKEN}","token_type":`)],
  ];
}

describe('no secret in any error', () => {
  for (const authMethod of ['client_secret_post', 'client_secret_basic'] as const) {
    it.each(echoes(CLIENT_SECRET))(`token (${authMethod}): %s`, async (_name, reply) => {
      server.reply(reply);
      const http = createDcrHttp({ baseUrl: server.url, tokenAuthMethod: authMethod });
      expectNoSecrets(await rejectionOf(http.requestToken({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET })));
    });
  }

  it.each(echoes(STATEMENT))('register: %s', async (_name, reply) => {
    server.reply(reply);
    const http = createDcrHttp({ baseUrl: server.url });
    expectNoSecrets(await rejectionOf(http.register({ softwareStatement: STATEMENT })));
  });

  it('scrubs echoed secrets into fingerprints rather than dropping the description', async () => {
    server.reply(json(400, { error: 'invalid_client', error_description: `bad secret ${CLIENT_SECRET}` }));
    const error = await rejectionOf(
      createDcrHttp({ baseUrl: server.url }).requestToken({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }),
    );
    expect((error as { description?: string }).description).toMatch(/^bad secret ‹redacted:[0-9a-f]{4}›$/);
  });

  it.each<[string, () => Promise<Partial<DcrHttpOptions>>]>([
    ['connection refused', async () => ({ baseUrl: `http://127.0.0.1:${await closedPort()}` })],
    [
      'a fetch that throws an error quoting the request',
      async () => ({
        fetch: (async (input: Request) => {
          // Quote exactly what this request carries, as a careless fetch wrapper might.
          const carried = `${await input.clone().text()} ${input.headers.get('authorization')}`;
          throw Object.assign(new TypeError(`failed ${carried}`), {
            request: input,
            cause: { message: `inner ${carried}`, code: `E_${carried}` },
          });
        }) as unknown as typeof fetch,
      }),
    ],
    [
      'a timeout',
      async () => {
        server.reply({ kind: 'hang' });
        return { timeoutMs: 100 };
      },
    ],
  ])('transport: %s', async (_name, makeOptions) => {
    const options = { baseUrl: server.url, ...(await makeOptions()) };
    for (const tokenAuthMethod of ['client_secret_post', 'client_secret_basic'] as const) {
      const http = createDcrHttp({ ...options, tokenAuthMethod });
      expectNoSecrets(await rejectionOf(http.requestToken({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET })));
      expectNoSecrets(await rejectionOf(http.register({ softwareStatement: STATEMENT })));
    }
  });

  it('an abort whose reason quotes a secret', async () => {
    server.reply({ kind: 'hang' });
    const controller = new AbortController();
    const pending = createDcrHttp({ baseUrl: server.url }).requestToken(
      { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(new Error(`stop ${CLIENT_SECRET}`)), 20);
    expectNoSecrets(await rejectionOf(pending));
  });

  it('configuration errors about secrets never quote them', async () => {
    const http = createDcrHttp({ baseUrl: server.url });
    expectNoSecrets(
      await rejectionOf(http.register({ softwareStatement: STATEMENT, metadata: { software_statement: STATEMENT } })),
    );
    expectNoSecrets(await rejectionOf(http.requestToken({ clientId: '', clientSecret: CLIENT_SECRET })));
  });

  it('the response processors scrub the secrets they are given', () => {
    const snapshot = {
      status: 400,
      contentType: 'application/json',
      retryAfter: null,
      body: JSON.stringify({ error: CLIENT_SECRET, error_description: CLIENT_SECRET }),
      bodyTooLarge: false,
    };
    for (const process of [processTokenResponse, processRegisterResponse]) {
      try {
        process(snapshot, { secrets: [CLIENT_SECRET] });
        throw new Error('expected a rejection');
      } catch (error) {
        expectNoSecrets(error);
      }
    }
  });
});
