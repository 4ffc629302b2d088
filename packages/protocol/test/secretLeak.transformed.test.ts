// Issue 13, item 6: a server that echoes a *transformed* client secret or statement (base64, base64url, hex, upper-
// or lower-case, or inside a base64 Basic credential) in its error code or description used to pass the scrubber
// into every channel (error message, toJSON, inspection, logs). Real HTTP against a canned server.
import { inspect } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDcrHttp, DcrError } from '../src/index.ts';
import { scrubSecrets } from '../src/secrets/scrubSecrets.ts';
import { type CannedServer, startCannedServer } from './support/cannedServer.ts';
import { json, rejectionOf } from './support/replies.ts';

const CLIENT_ID = 'client-id-public';
const SECRETS = ['sk_live_4f9a8b7c6d5e4f3a2b1c', 'Mixed+Case/Secret=Value&9'];
const STATEMENT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzdGF0ZW1lbnQtc2VjcmV0In0.c2lnbmF0dXJlLXZhbHVl';

const bytes = (text: string) => new TextEncoder().encode(text);
const base64 = (text: string) => btoa(String.fromCharCode(...bytes(text)));
const base64url = (text: string) => base64(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const hex = (text: string) => Array.from(bytes(text), (byte) => byte.toString(16).padStart(2, '0')).join('');

/** Each transformed echo, and the core of it that must not survive (padding and Basic's client-id part excluded). */
function transforms(secret: string): Array<[string, string, string]> {
  const basic = base64(`${CLIENT_ID}:${secret}`);
  const idPart = base64(`${CLIENT_ID}:`).replace(/=+$/, '').length;
  return [
    ['base64', base64(secret), base64(secret).replace(/=+$/, '').slice(0, -2)],
    ['base64url', base64url(secret), base64url(secret).slice(0, -2)],
    ['hex', hex(secret), hex(secret)],
    ['HEX', hex(secret).toUpperCase(), hex(secret).toUpperCase()],
    ['upper case', secret.toUpperCase(), secret.toUpperCase()],
    ['lower case', secret.toLowerCase(), secret.toLowerCase()],
    ['base64 Basic credential', basic, basic.slice(idPart + 2, -4)],
  ];
}

it.each(SECRETS.flatMap((secret) => transforms(secret).map(([name, echo, core]) => [name, secret, echo, core])))(
  'scrubSecrets hides a %s echo of %s',
  (_name, secret, echo, core) => {
    const scrubbed = scrubSecrets(`error code ERR_${echo}_X: see ${echo}.`, [secret]);
    expect(scrubbed).not.toContain(core);
    expect(scrubbed).toContain('‹redacted:');
  },
);

it('leaves ordinary text alone (no false positives from short transformed forms)', () => {
  expect(scrubSecrets('invalid_client: the client is unknown', [SECRETS[0]!])).toBe(
    'invalid_client: the client is unknown',
  );
});

let server: CannedServer;
beforeAll(async () => {
  server = await startCannedServer();
});
afterAll(async () => {
  await server.close();
});

/** Everything reachable from an error that a logger, serializer or debugger could print. */
function rendered(error: unknown): string {
  return [String(error), inspect(error, { depth: null, showHidden: true }), JSON.stringify(error)].join('\n');
}

it.each(transforms(SECRETS[1]!))(
  'a token error echoing a %s of the client secret never shows it',
  async (_n, echo, core) => {
    for (const tokenAuthMethod of ['client_secret_post', 'client_secret_basic'] as const) {
      server.reply(json(401, { code: `bad_${echo}`, message: `rejected ${echo}`, action: echo }));
      const http = createDcrHttp({ baseUrl: server.url, tokenAuthMethod });
      const error = await rejectionOf(http.requestToken({ clientId: CLIENT_ID, clientSecret: SECRETS[1]! }));
      expect(DcrError.is(error)).toBe(true);
      expect(rendered(error)).not.toContain(core);
      server.reply(json(400, { error: `invalid_client_${echo}`, error_description: `got ${echo}` }));
      expect(
        rendered(await rejectionOf(http.requestToken({ clientId: CLIENT_ID, clientSecret: SECRETS[1]! }))),
      ).not.toContain(core);
    }
  },
);

it('a registration error echoing the statement base64-encoded never shows it', async () => {
  const echo = base64(STATEMENT);
  server.reply(json(400, { error: 'invalid_software_statement', error_description: `statement ${echo}` }));
  const error = await rejectionOf(createDcrHttp({ baseUrl: server.url }).register({ softwareStatement: STATEMENT }));
  expect(rendered(error)).not.toContain(echo.slice(0, 40));
});
