import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../src/index.ts';
import { harness } from './support/simulatorHarness.ts';

// dcr-protocol.md §5: every REST API v2 call carries `Authorization: Bearer`; a 401 means get a new token with the
// stored credentials and retry once; a second 401 saying `application-registration` means register again once.

const API = '/api/v2/test-sp/configuration';

describe('client.fetch()', () => {
  it('calls the protected resource with the Bearer token: 200', async () => {
    const h = await harness();
    const client = h.client({ softwareStatement: await h.statement() });
    const response = await client.fetch(`${h.url}${API}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ serviceProvider: 'test-sp' });
    expect(h.counts()).toMatchObject({ register: 1, token: 1, api: 1 });
  });

  it('after the token is invalidated server-side: one refresh, one retry, 200', async () => {
    const h = await harness();
    const client = h.client({ softwareStatement: await h.statement() });
    const before = await client.getAccessToken();
    h.sim.simulator.advanceClock(6 * 3600 + 60); // the simulator now considers the token expired
    const response = await client.fetch(`${h.url}${API}`);
    expect(response.status).toBe(200);
    expect(h.counts()).toMatchObject({ register: 1, token: 2, api: 2 });
    expect((await client.getAccessToken()).accessToken).not.toBe(before.accessToken);
  });

  it('concurrent 401s on the same token trigger a single refresh', async () => {
    const h = await harness();
    const client = h.client({ softwareStatement: await h.statement() });
    await client.getAccessToken();
    h.sim.simulator.advanceClock(6 * 3600 + 60);
    const responses = await Promise.all(Array.from({ length: 20 }, () => client.fetch(`${h.url}${API}`)));
    expect(responses.every((response) => response.status === 200)).toBe(true);
    expect(h.counts()).toMatchObject({ register: 1, token: 2, api: 40 });
  });

  it('retries a POST with its body intact', async () => {
    const h = await harness();
    const bodies: string[] = [];
    let calls = 0;
    const echo: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      if (!request.url.endsWith('/echo')) return fetch(request);
      bodies.push(await request.text());
      return new Response(null, { status: calls++ === 0 ? 401 : 204 });
    };
    const withEcho = h.client({ softwareStatement: await h.statement(), fetch: echo });
    const response = await withEcho.fetch(`${h.url}/echo`, { method: 'POST', body: 'payload-1' });
    expect(response.status).toBe(204);
    expect(bodies).toEqual(['payload-1', 'payload-1']);
  });

  it('a persistent 401 gives up with a typed ProtocolError after one refresh', async () => {
    const h = await harness();
    const seen: string[] = [];
    const always401: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      if (!request.url.endsWith('/always-401')) return fetch(request);
      seen.push(request.headers.get('authorization') ?? '');
      return Response.json(
        { status: 401, code: 'invalid_access_token_signature', action: 'retry', message: 'Nope.' },
        { status: 401 },
      );
    };
    const client = h.client({ softwareStatement: await h.statement(), fetch: always401 });
    const error = await client.fetch(`${h.url}/always-401`).catch((caught: unknown) => caught);
    expect(ProtocolError.is(error)).toBe(true);
    expect(error).toMatchObject({ status: 401, error: 'invalid_access_token_signature', action: 'retry' });
    expect(seen).toHaveLength(2);
    expect(seen[0]).not.toBe(seen[1]);
    expect(h.counts()).toMatchObject({ register: 1, token: 2 });
    expect(JSON.stringify(error)).not.toContain(seen[0]!.slice('Bearer '.length));
  });

  it("a hostile 401's evidence is scrubbed: no echoed token in any case, no control characters to forge log lines", async () => {
    const h = await harness();
    const tokens: string[] = [];
    const hostile: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      if (!request.url.endsWith('/hostile')) return fetch(request);
      const token = (request.headers.get('authorization') ?? '').slice('Bearer '.length);
      tokens.push(token);
      return Response.json(
        {
          status: 401,
          code: `bad_${token.toUpperCase()}\r\nFAKE LOG LINE`,
          action: `retry\u001b[2J${token}`,
          message: `Token ${token.toUpperCase()} refused.\nsecond line\u2028third`,
        },
        { status: 401 },
      );
    };
    const client = h.client({ softwareStatement: await h.statement(), fetch: hostile });
    const error = await client.fetch(`${h.url}/hostile`).catch((caught: unknown) => caught);
    expect(ProtocolError.is(error)).toBe(true);
    const shown = [
      (error as ProtocolError).message,
      (error as ProtocolError).error,
      (error as ProtocolError).description ?? '',
      (error as ProtocolError).action ?? '',
      JSON.stringify(error),
    ].join('\n');
    expect(tokens).toHaveLength(2);
    for (const token of tokens) expect(shown.toLowerCase()).not.toContain(token.toLowerCase());
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point.
    for (const field of shown.split('\n')) expect(field).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
    expect((error as ProtocolError).description).toContain('refused.');
  });

  it('a second 401 with application-registration triggers one re-registration, then gives up', async () => {
    const h = await harness();
    let apiCalls = 0;
    const registrationGone: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      if (!request.url.endsWith('/gone')) return fetch(request);
      apiCalls++;
      return Response.json(
        { status: 401, code: 'invalid_access_token_client_application', action: 'application-registration' },
        { status: 401 },
      );
    };
    const client = h.client({ softwareStatement: await h.statement(), fetch: registrationGone });
    const reauth: unknown[] = [];
    client.on('reauthenticationRequired', (event) => reauth.push(event));
    const error = await client.fetch(`${h.url}/gone`).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'protocol', status: 401, action: 'application-registration' });
    expect(apiCalls).toBe(3);
    expect(h.counts()).toMatchObject({ registrations: 2, token: 3 });
    expect(reauth).toHaveLength(1);
  });

  it('sends X-Device-Info to the DCR host but not to other origins', async () => {
    const h = await harness();
    const headers: Array<string | null> = [];
    const spy: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      if (request.url.includes('/o/client/')) return fetch(request);
      headers.push(request.headers.get('x-device-info'));
      return new Response('ok');
    };
    const client = h.client({
      softwareStatement: await h.statement(),
      fetch: spy,
      fetchOrigins: ['https://elsewhere.example'],
    });
    await client.fetch(`${h.url}/api/v2/x/configuration`);
    await client.fetch('https://elsewhere.example/resource');
    expect(headers[0]).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(headers[1]).toBeNull();
  });
});
