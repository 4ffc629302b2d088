// Issue 13, item 10: client.fetch() attached the Bearer token to any URL, plain http included. Now only the baseUrl
// origin and an explicit `fetchOrigins` allow-list receive it. Real simulator over HTTP, and a second real HTTP
// server that records the Authorization header it receives.
import { createServer, type Server } from 'node:http';
import { ConfigurationError } from '@dcrflow/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDcrClient, memoryStore } from '../src/index.ts';
import { harness } from './support/simulatorHarness.ts';

let other: Server;
let otherUrl: string;
const received: Array<string | undefined> = [];
beforeAll(async () => {
  other = createServer((request, response) => {
    received.push(request.headers.authorization);
    response.end('ok');
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  otherUrl = `http://127.0.0.1:${(other.address() as { port: number }).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => other.close(resolve));
});

describe('client.fetch() origin restriction', () => {
  it.each([
    ['another https origin', 'https://evil.example/steal'],
    ['plain http to another host', 'http://api.example/v2/configuration'],
    ['the same host over another scheme', 'https://127.0.0.1:1/x'],
  ])('refuses %s with a ConfigurationError, before any token is obtained', async (_name, url) => {
    const h = await harness();
    const sent: string[] = [];
    const client = h.client({
      softwareStatement: await h.statement(),
      fetch: async (input, init) => {
        sent.push(new Request(input, init).url);
        return fetch(input, init);
      },
    });
    const error = await client.fetch(url).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain(new URL(url).origin);
    expect((error as Error).message).toContain('fetchOrigins');
    // Nothing was sent anywhere: not the request, not even a registration.
    expect(sent).toEqual([]);
    expect(h.counts().register).toBe(0);
  });

  it('refuses a loopback server on another port unless it is listed, then sends it the token', async () => {
    const h = await harness();
    const statement = await h.statement();
    received.length = 0;
    const strict = h.client({ softwareStatement: statement });
    expect(await strict.fetch(`${otherUrl}/resource`).catch((caught: unknown) => caught)).toBeInstanceOf(
      ConfigurationError,
    );
    expect(received).toEqual([]);

    const listed = h.client({ softwareStatement: statement, fetchOrigins: [otherUrl] });
    expect((await listed.fetch(`${otherUrl}/resource`)).status).toBe(200);
    expect(received).toEqual([expect.stringMatching(/^Bearer eyJ/)]);
  });

  it('still sends the token to the baseUrl origin (the simulator REST API): 200', async () => {
    const h = await harness();
    const client = h.client({ softwareStatement: await h.statement() });
    expect((await client.fetch(`${h.url}/api/v2/test-sp/configuration`)).status).toBe(200);
  });

  it.each([
    [['http://api.example.com'], /plain http on a non-loopback host/],
    [['not a url'], /not an absolute URL/],
    ['https://api.example.com', /must be an array/],
    [['ftp://files.example'], /must use https/],
  ])('rejects fetchOrigins %j at construction', (fetchOrigins, message) => {
    expect(() =>
      createDcrClient({
        baseUrl: 'https://sp.auth.adobe.com',
        softwareStatement: 'eyJ.a.b',
        store: memoryStore(),
        fetchOrigins: fetchOrigins as never,
      }),
    ).toThrow(message);
  });
});
