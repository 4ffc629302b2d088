import { describe, expect, it } from 'vitest';
import { harness } from './support/simulatorHarness.ts';

// Other RFC 7591 (registration) + RFC 6749 §4.4 (client credentials) servers: custom endpoint paths, extra client
// metadata, and both client authentication methods of RFC 6749 §2.3.1.

interface Seen {
  path: string;
  authorization: string | null;
  body: string;
}

/** A "generic OAuth server" in front of the simulator: /oauth/register and /oauth/token map to /o/client/*. */
function genericServer(seen: Seen[]): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const body = await request.clone().text();
    seen.push({ path: url.pathname, authorization: request.headers.get('authorization'), body });
    const mapped = { '/oauth/register': '/o/client/register', '/oauth/token': '/o/client/token' }[url.pathname];
    if (mapped === undefined) return new Response('not found', { status: 404 });
    url.pathname = mapped;
    return fetch(new Request(url, request));
  };
}

describe('generic RFC 7591 + RFC 6749 servers', () => {
  it.each(['client_secret_basic', 'client_secret_post'] as const)(
    'custom endpoints, registration metadata and %s authentication',
    async (tokenAuthMethod) => {
      const h = await harness();
      const seen: Seen[] = [];
      const client = h.client({
        softwareStatement: await h.statement(),
        fetch: genericServer(seen),
        endpoints: { register: '/oauth/register', token: '/oauth/token' },
        registrationMetadata: { client_name: 'dcrflow interop test' },
        tokenAuthMethod,
      });
      await client.getAccessToken();
      expect(seen.map((entry) => entry.path)).toEqual(['/oauth/register', '/oauth/token']);
      expect(JSON.parse(seen[0]!.body)).toMatchObject({ client_name: 'dcrflow interop test' });
      const tokenRequest = seen[1]!;
      if (tokenAuthMethod === 'client_secret_basic') {
        expect(tokenRequest.authorization).toMatch(/^Basic /);
        expect(tokenRequest.body).not.toContain('client_secret');
      } else {
        expect(tokenRequest.authorization).toBeNull();
        expect(tokenRequest.body).toContain('client_secret=');
      }
      expect(h.counts()).toMatchObject({ register: 1, token: 1 });
    },
  );
});
