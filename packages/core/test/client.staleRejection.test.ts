// A 401 for a token the client has already replaced must not cost the new token. The machine compares tokens by
// their 16-bit fingerprints (redact(): no secret enters it, decision 0003), so a stale rejection whose fingerprint
// happens to equal the new token's (1 in 65,536) used to drop the new token and send one more token request.
import { redact } from '@dcrflow/protocol';
import { expect, it } from 'vitest';
import { createDcrClient, memoryStore } from '../src/index.ts';
import { ManualClock } from '../src/testing/index.ts';

const BASE = 'https://sp.example.test';
const FIRST = 'token-first';

/** A second token whose fingerprint is the first one's: found by counting up, ~65,536 tries at most. */
function collidingToken(): string {
  const target = redact(FIRST);
  for (let i = 0; ; i++) {
    const candidate = `token-second-${i}`;
    if (redact(candidate) === target) return candidate;
  }
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

it('a stale 401 (the token was refreshed meanwhile, same fingerprint) retries with the new token and requests no other', async () => {
  const second = collidingToken();
  expect(second).not.toBe(FIRST);
  expect(redact(second)).toBe(redact(FIRST));
  const tokens = [FIRST, second, 'token-third'];
  let tokenRequests = 0;
  let releaseStaleCall!: () => void;
  const staleCallHeld = new Promise<void>((resolve) => {
    releaseStaleCall = resolve;
  });
  const apiCalls: string[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    const path = new URL(request.url).pathname;
    if (path === '/o/client/register') return json(201, { client_id: 'client-1', client_secret: 'secret-1' });
    if (path === '/o/client/token') {
      const accessToken = tokens[tokenRequests++]!;
      return json(201, { access_token: accessToken, token_type: 'bearer', expires_in: 3600 });
    }
    const bearer = request.headers.get('authorization')?.slice('Bearer '.length) ?? '';
    apiCalls.push(bearer === FIRST ? 'first' : bearer === second ? 'second' : 'other');
    if (bearer === FIRST) {
      await staleCallHeld; // answered only once the client holds the second token
      return new Response(null, { status: 401 });
    }
    return new Response('ok', { status: 200 });
  };
  const clock = new ManualClock(1_700_000_000_000);
  const client = createDcrClient({ baseUrl: BASE, softwareStatement: 'a.b.c', store: memoryStore(), clock, fetch });
  try {
    const call = client.fetch(`${BASE}/api/v2/sp/configuration`);
    await expect.poll(() => apiCalls).toEqual(['first']);
    // The refresh lead begins: the client refreshes to the second token while the first call is still out.
    clock.advance(3_600_000 - 300_000);
    await expect.poll(async () => (await client.getAccessToken()).accessToken).toBe(second);
    releaseStaleCall();
    const response = await call;
    expect(response.status).toBe(200);
    expect(apiCalls).toEqual(['first', 'second']);
    expect(tokenRequests).toBe(2);
    expect(client.state).toBe('tokenValid');
    expect((await client.getAccessToken()).accessToken).toBe(second);
  } finally {
    client.stop();
  }
});
