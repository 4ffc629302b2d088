import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigurationError, createDcrHttp, isRetryable, TransportError } from '../src/index.ts';
import { closedPort, useCannedServer } from './support/cannedServer.ts';
import { json, rejectionOf } from './support/replies.ts';

const CREDENTIALS = { clientId: 'cid', clientSecret: 'secret-value' };
const GRANT = { access_token: 'tok', token_type: 'bearer', expires_in: 60 };

const server = useCannedServer();
afterEach(() => {
  vi.unstubAllGlobals();
});

/** The chain of `cause`s below an error. */
function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current = (error as { cause?: unknown }).cause;
  while (current !== undefined && chain.length < 10) {
    chain.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

describe('transport failures', () => {
  it('connection refused → TransportError reason network, with a sanitised cause chain', async () => {
    const port = await closedPort();
    const error = await rejectionOf(
      createDcrHttp({ baseUrl: `http://127.0.0.1:${port}` }).register({ softwareStatement: 'statement' }),
    );
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({
      code: 'transport',
      reason: 'network',
      endpoint: 'register',
      message: `Register request to http://127.0.0.1:${port}/o/client/register failed: no response was received (network error).`,
    });
    expect(isRetryable(error)).toBe(true);
    const chain = causes(error);
    expect(chain.length).toBeGreaterThan(0);
    for (const cause of chain) {
      expect(Object.getPrototypeOf(cause)).toBe(Error.prototype);
      // Only the sanitised fields: never ky's `request` (which holds the secrets) or anything else.
      expect(Object.keys(cause as object).filter((key) => key !== 'code' && key !== 'name')).toEqual([]);
    }
    expect(chain.some((cause) => (cause as { code?: string }).code === 'ECONNREFUSED')).toBe(true);
  });

  it('a server that never answers → TransportError reason timeout after timeoutMs', async () => {
    server.reply({ kind: 'hang' });
    const started = performance.now();
    const error = await rejectionOf(createDcrHttp({ baseUrl: server.url, timeoutMs: 150 }).requestToken(CREDENTIALS));
    const elapsed = performance.now() - started;
    expect(error).toMatchObject({
      name: 'TransportError',
      reason: 'timeout',
      endpoint: 'token',
      message: `Token request to ${server.url}/o/client/token timed out after 150 ms.`,
    });
    expect(elapsed).toBeGreaterThanOrEqual(140);
    // The server never answers: only the timeout ends this. Generous, so a loaded machine cannot fail it.
    expect(elapsed).toBeLessThan(10_000);
    expect(isRetryable(error)).toBe(true);
  });

  it('a server that sends headers and then stalls the body → timeout too', async () => {
    server.reply({ kind: 'hang-body', status: 201, headers: { 'content-type': 'application/json' } });
    const error = await rejectionOf(createDcrHttp({ baseUrl: server.url, timeoutMs: 150 }).requestToken(CREDENTIALS));
    expect(error).toMatchObject({ name: 'TransportError', reason: 'timeout' });
  });

  it('a connection closed without an answer → reason network', async () => {
    server.reply({ kind: 'destroy' });
    const error = await rejectionOf(createDcrHttp({ baseUrl: server.url }).requestToken(CREDENTIALS));
    expect(error).toMatchObject({ name: 'TransportError', reason: 'network' });
  });

  it("the caller's AbortSignal during the request → reason abort, not retryable", async () => {
    server.reply({ kind: 'hang' });
    const controller = new AbortController();
    const pending = createDcrHttp({ baseUrl: server.url, timeoutMs: 5_000 }).requestToken(CREDENTIALS, {
      signal: controller.signal,
    });
    await vi.waitFor(() => expect(server.requests).toHaveLength(1));
    controller.abort();
    const error = await rejectionOf(pending);
    expect(error).toMatchObject({
      name: 'TransportError',
      reason: 'abort',
      message: `Token request to ${server.url}/o/client/token was aborted by the caller.`,
    });
    expect(isRetryable(error)).toBe(false);
  });

  it('an already aborted signal → reason abort, and nothing is sent', async () => {
    server.reply(json(201, GRANT));
    const error = await rejectionOf(
      createDcrHttp({ baseUrl: server.url }).requestToken(CREDENTIALS, { signal: AbortSignal.abort() }),
    );
    expect(error).toMatchObject({ name: 'TransportError', reason: 'abort' });
    expect(server.requests).toHaveLength(0);
  });

  it('a timeout signal from the caller counts as abort, and our deadline as timeout', async () => {
    server.reply({ kind: 'hang' });
    const http = createDcrHttp({ baseUrl: server.url, timeoutMs: 2_000 });
    const error = await rejectionOf(http.requestToken(CREDENTIALS, { signal: AbortSignal.timeout(100) }));
    expect(error).toMatchObject({ name: 'TransportError', reason: 'abort' });
  });
});

describe('fetch injection', () => {
  it('uses the fetch option, passing it the request', async () => {
    server.reply(json(201, GRANT));
    const seen: string[] = [];
    const fetch: typeof globalThis.fetch = async (input, init) => {
      seen.push(input instanceof Request ? `${input.method} ${new URL(input.url).pathname}` : String(input));
      return globalThis.fetch(input, init);
    };
    await createDcrHttp({ baseUrl: server.url, fetch }).requestToken(CREDENTIALS);
    expect(seen).toEqual(['POST /o/client/token']);
  });

  it('looks globalThis.fetch up at request time, not at creation', async () => {
    const http = createDcrHttp({ baseUrl: 'https://sp.auth.adobe.com' });
    const calls: string[] = [];
    vi.stubGlobal('fetch', async (input: Request) => {
      calls.push(input.url);
      return new Response(JSON.stringify(GRANT), { status: 201, headers: { 'content-type': 'application/json' } });
    });
    await expect(http.requestToken(CREDENTIALS)).resolves.toMatchObject({ accessToken: 'tok' });
    expect(calls).toEqual(['https://sp.auth.adobe.com/o/client/token']);
  });

  it('a fetch that throws something odd still gives a TransportError with a sanitised cause', async () => {
    const fetch = (async () => {
      throw 'socket hang up';
    }) as unknown as typeof globalThis.fetch;
    const error = await rejectionOf(createDcrHttp({ baseUrl: server.url, fetch }).requestToken(CREDENTIALS));
    expect(error).toMatchObject({ name: 'TransportError', reason: 'network' });
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it('no fetch anywhere → ConfigurationError', async () => {
    vi.stubGlobal('fetch', undefined);
    const error = await rejectionOf(createDcrHttp({ baseUrl: server.url }).requestToken(CREDENTIALS));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe('No fetch implementation is available: pass the fetch option.');
  });
});
