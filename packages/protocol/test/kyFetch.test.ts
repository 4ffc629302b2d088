import { inspect } from 'node:util';
import ky from 'ky';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigurationError, createDcrHttp, ServerError, TransportError } from '../src/index.ts';
import { kyFetch } from '../src/ky.ts';
import { closedPort, useCannedServer } from './support/cannedServer.ts';
import { json, rejectionOf } from './support/replies.ts';

// kyFetch (decision 0017): DCR requests through a ky instance and its hooks, with dcrflow keeping one attempt per
// call, its own deadline, every status returned, absolute URLs and no redirects.

const STATEMENT = 'eyJhbGciOiJSUzI1NiJ9.statement-secret.sig';
const CREDENTIALS = { clientId: 'cid', clientSecret: 'secret-value-ky' };
const GRANT = { access_token: 'tok-ky', token_type: 'bearer', expires_in: 60 };
const REGISTERED = { client_id: 'cid', client_secret: 'secret-value-ky', client_id_issued_at: 1_700_000_000 };

const server = useCannedServer();

describe('kyFetch', () => {
  it('registers and gets a token through the default ky instance, with the same requests as plain fetch', async () => {
    const viaKy = createDcrHttp({ baseUrl: server.url, fetch: kyFetch() });
    const plain = createDcrHttp({ baseUrl: server.url });
    for (const http of [viaKy, plain]) {
      server.reply(json(201, REGISTERED), json(201, GRANT));
      await expect(http.register({ softwareStatement: STATEMENT })).resolves.toMatchObject({ clientId: 'cid' });
      await expect(http.requestToken(CREDENTIALS)).resolves.toMatchObject({ accessToken: 'tok-ky' });
    }
    const [kyRegister, kyToken, plainRegister, plainToken] = server.requests;
    for (const [a, b] of [
      [kyRegister, plainRegister],
      [kyToken, plainToken],
    ]) {
      expect(a?.method).toBe('POST');
      expect(a?.url).toBe(b?.url);
      expect(a?.body).toBe(b?.body);
      expect(a?.headers['content-type']).toBe(b?.headers['content-type']);
    }
  });

  it("runs the instance's hooks on every DCR request", async () => {
    const seen: string[] = [];
    const traced = ky.create({
      hooks: {
        beforeRequest: [({ request }) => void seen.push(`→ ${request.method} ${new URL(request.url).pathname}`)],
        afterResponse: [({ response }) => void seen.push(`← ${response.status}`)],
      },
    });
    server.reply(json(201, GRANT));
    await createDcrHttp({ baseUrl: server.url, fetch: kyFetch(traced) }).requestToken(CREDENTIALS);
    expect(seen).toEqual(['→ POST /o/client/token', '← 201']);
  });

  it("never retries, whatever the instance's retry option: one request per call, the 5xx comes back typed", async () => {
    const eager = ky.create({ retry: { limit: 5, methods: ['post'], statusCodes: [500], delay: () => 0 } });
    server.reply({ status: 500, body: 'upstream down' }, json(201, GRANT));
    const error = await rejectionOf(
      createDcrHttp({ baseUrl: server.url, fetch: kyFetch(eager) }).requestToken(CREDENTIALS),
    );
    expect(error).toBeInstanceOf(ServerError);
    expect(server.requests).toHaveLength(1);
  });

  it("ignores the instance's timeout: dcrflow's own deadline decides, and says timeout", async () => {
    const hasty = ky.create({ timeout: 20 });
    server.reply({ kind: 'hang' });
    const error = await rejectionOf(
      createDcrHttp({ baseUrl: server.url, timeoutMs: 400, fetch: kyFetch(hasty) }).requestToken(CREDENTIALS),
    );
    // ky's timeout would have thrown its TimeoutError at 20 ms, which reads as a network failure.
    expect(error).toMatchObject({ name: 'TransportError', reason: 'timeout' });
  });

  it("ignores the instance's prefix: DCR URLs are absolute", async () => {
    const prefixed = ky.create({ prefix: 'https://elsewhere.invalid/api' });
    server.reply(json(201, GRANT));
    await createDcrHttp({ baseUrl: server.url, fetch: kyFetch(prefixed) }).requestToken(CREDENTIALS);
    // Called with a string, as any fetch may be (client.fetch passes a Request; other callers need not).
    const response = await kyFetch(prefixed)(`${server.url}/o/client/token`, { method: 'POST', body: 'x' });
    expect(response.status).toBe(201);
    expect(server.requests.map((request) => request.url)).toEqual(['/o/client/token', '/o/client/token']);
  });

  it('does not follow a redirect (it would resend the secret elsewhere)', async () => {
    server.reply({ status: 302, headers: { location: '/stolen' }, body: '' });
    const error = await rejectionOf(createDcrHttp({ baseUrl: server.url, fetch: kyFetch() }).requestToken(CREDENTIALS));
    expect(error).toMatchObject({ name: 'ServerError' });
    expect(server.requests.map((request) => request.url)).toEqual(['/o/client/token']);
  });

  it("a network failure is a TransportError whose cause holds none of ky's Request (nor its secrets)", async () => {
    const port = await closedPort();
    const http = createDcrHttp({ baseUrl: `http://127.0.0.1:${port}`, fetch: kyFetch() });
    for (const call of [() => http.register({ softwareStatement: STATEMENT }), () => http.requestToken(CREDENTIALS)]) {
      const error = await rejectionOf(call());
      expect(error).toBeInstanceOf(TransportError);
      expect(error).toMatchObject({ reason: 'network' });
      const shown = inspect(error, { depth: 10, showHidden: true });
      expect(shown).not.toContain(STATEMENT);
      expect(shown).not.toContain(CREDENTIALS.clientSecret);
      // ky's NetworkError carries `request` and `options` (body included); the chain keeps only name, message, code.
      let cause = (error as Error).cause;
      let depth = 0;
      for (; cause !== undefined; cause = (cause as Error).cause, depth += 1) {
        expect(Object.getPrototypeOf(cause)).toBe(Error.prototype);
        expect(Object.keys(cause as object).filter((key) => key !== 'code' && key !== 'name')).toEqual([]);
      }
      expect(depth).toBeGreaterThan(1);
    }
  });
});

describe('kyFetch on an engine below ky 2’s floor', () => {
  const saved = { hasOwn: Object.hasOwn, any: AbortSignal.any };
  afterEach(() => {
    Object.hasOwn = saved.hasOwn;
    AbortSignal.any = saved.any;
  });

  it('names every missing API and the polyfill guide, then works once they are polyfilled', () => {
    // @ts-expect-error -- simulating a Chromium 69 smart-TV browser without the documented polyfills
    delete Object.hasOwn;
    // @ts-expect-error -- idem
    delete AbortSignal.any;
    let error: unknown;
    try {
      kyFetch();
    } catch (caught) {
      error = caught;
    }
    expect(ConfigurationError.is(error)).toBe(true);
    expect((error as Error).message).toMatch(/lacks AbortSignal\.any, Object\.hasOwn, which ky 2 calls/);
    expect((error as Error).message).toContain('docs/runtime-support.md');

    Object.hasOwn = saved.hasOwn;
    AbortSignal.any = saved.any;
    expect(typeof kyFetch()).toBe('function');
  });
});
