import { validateDeviceInfo } from '../deviceInfo/validateDeviceInfo.ts';
import { isMediaType } from '../http/isMediaType.ts';
import { jsonResponse } from '../http/jsonResponse.ts';
import { oauthError } from '../http/oauthError.ts';
import { decodeFormComponent, parseFormEncoded } from '../http/parseFormEncoded.ts';
import { decodeUtf8, readBody } from '../http/readBody.ts';
import type { RequestContext, SimulatorCore } from '../state/SimulatorCore.ts';

/** Parameters that must not repeat (RFC 6749 §3.2: "Request and response parameters MUST NOT be included more than once"). */
const SINGLE_PARAMETERS = new Set(['client_id', 'client_secret', 'grant_type', 'refresh_token']);

/**
 * `POST /o/client/token` — Adobe Pass "Retrieve access token" (RFC 6749 §4.4 client credentials grant).
 *
 * Parameters come from the form body (the documented form) and/or the query (Adobe's OpenAPI shows them there);
 * the client may authenticate with `client_id`/`client_secret` parameters or HTTP Basic (RFC 6749 §2.3.1), not both.
 * Errors (400, `{ error }`): `invalid_request` (bad headers, encoding, repeated or missing parameters),
 * `unsupported_grant_type`, `invalid_client` (unknown id, wrong secret, deleted client or revoked statement — the
 * signal to register again).
 */
export async function token(core: SimulatorCore, request: Request, context: RequestContext): Promise<Response> {
  const deviceInfo = validateDeviceInfo(request.headers.get('x-device-info'));
  if (!deviceInfo.ok)
    return oauthError(400, 'invalid_request', `The X-Device-Info header is invalid: ${deviceInfo.reason}`);

  const query = parseFormEncoded(new URL(request.url).search.slice(1));
  if (query === undefined)
    return oauthError(400, 'invalid_request', 'The query string is not valid UTF-8 form encoding.');
  const body = await readBody(request);
  if (!body.ok) {
    return body.reason === 'too-large'
      ? oauthError(413, 'payload_too_large', 'The request body is larger than 64 KiB.')
      : oauthError(400, 'invalid_request', 'The request body could not be read.');
  }
  let form: Array<[string, string]> = [];
  if (body.bytes.byteLength > 0) {
    if (!isMediaType(request.headers.get('content-type'), 'application/x-www-form-urlencoded')) {
      return oauthError(400, 'invalid_request', 'The Content-Type must be application/x-www-form-urlencoded.');
    }
    const text = decodeUtf8(body.bytes);
    const parsed = text === undefined ? undefined : parseFormEncoded(text);
    if (parsed === undefined)
      return oauthError(400, 'invalid_request', 'The form body is not valid UTF-8 form encoding.');
    form = parsed;
  }

  const parameters = new Map<string, string>();
  for (const [name, value] of [...query, ...form]) {
    if (SINGLE_PARAMETERS.has(name) && parameters.has(name)) {
      return oauthError(400, 'invalid_request', `The ${name} parameter is repeated.`);
    }
    parameters.set(name, value);
  }

  const basic = parseBasicCredentials(request.headers.get('authorization'));
  if (basic === 'invalid') {
    return oauthError(400, 'invalid_client', 'The Authorization header is not valid HTTP Basic client authentication.');
  }
  if (basic !== undefined && (parameters.has('client_id') || parameters.has('client_secret'))) {
    return oauthError(400, 'invalid_request', 'Use one client authentication method, not HTTP Basic and parameters.');
  }

  const grantType = parameters.get('grant_type');
  if (grantType === undefined || grantType === '') {
    return oauthError(400, 'invalid_request', 'The grant_type parameter is missing.');
  }
  if (grantType !== 'client_credentials') {
    return oauthError(400, 'unsupported_grant_type', 'Only the client_credentials grant type is supported.');
  }
  const clientId = basic?.clientId ?? parameters.get('client_id');
  const clientSecret = basic?.clientSecret ?? parameters.get('client_secret');
  if (!clientId || !clientSecret) {
    return oauthError(400, 'invalid_request', 'The client_id and client_secret parameters are required.');
  }

  const known = core.state.clients.get(clientId);
  if (known) context.entry.softwareId = known.softwareId;
  const client = core.state.liveClient(clientId);
  if (client === undefined || !secretsEqual(client.clientSecret, clientSecret)) {
    return oauthError(400, 'invalid_client', 'The client credentials are unknown, wrong or no longer valid.');
  }
  context.entry.clientId = client.clientId;

  const now = core.now();
  const accessToken = await core.authority.mintAccessToken({
    clientId: client.clientId,
    nowMs: now,
    ttlSeconds: core.tokenTtlSeconds,
  });
  core.state.countToken(client.clientId);
  return jsonResponse(
    201,
    {
      id: crypto.randomUUID(),
      access_token: accessToken,
      token_type: 'bearer',
      expires_in: core.tokenTtlSeconds,
      created_at: now,
    },
    // RFC 6749 §5.1: token responses MUST NOT be cached.
    { 'cache-control': 'no-store', pragma: 'no-cache' },
  );
}

/**
 * HTTP Basic client credentials (RFC 6749 §2.3.1: `base64(urlencode(id) ":" urlencode(secret))`). `undefined` when
 * no Authorization header is sent; `'invalid'` for any other scheme or a malformed value.
 */
function parseBasicCredentials(
  header: string | null,
): { clientId: string; clientSecret: string } | 'invalid' | undefined {
  if (header === null) return undefined;
  const match = /^Basic +([A-Za-z0-9+/]+={0,2}) *$/i.exec(header);
  if (!match?.[1]) return 'invalid';
  let decoded: string;
  try {
    const bytes = Uint8Array.from(atob(match[1]), (char) => char.charCodeAt(0));
    const text = decodeUtf8(bytes);
    if (text === undefined) return 'invalid';
    decoded = text;
  } catch {
    return 'invalid';
  }
  const colon = decoded.indexOf(':');
  if (colon === -1) return 'invalid';
  const clientId = decodeFormComponent(decoded.slice(0, colon));
  const clientSecret = decodeFormComponent(decoded.slice(colon + 1));
  if (!clientId || !clientSecret) return 'invalid';
  return { clientId, clientSecret };
}

/** Compares secrets in time independent of where they differ. */
function secretsEqual(expected: string, given: string): boolean {
  let difference = expected.length ^ given.length;
  for (let index = 0; index < expected.length; index += 1) {
    difference |= expected.charCodeAt(index) ^ given.charCodeAt(index % Math.max(1, given.length));
  }
  return difference === 0;
}
