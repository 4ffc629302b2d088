import { validateDeviceInfo } from '../deviceInfo/validateDeviceInfo.ts';
import { isMediaType } from '../http/isMediaType.ts';
import { jsonResponse } from '../http/jsonResponse.ts';
import { oauthError } from '../http/oauthError.ts';
import type { RequestContext, SimulatorCore } from '../state/SimulatorCore.ts';
import { CLIENT_SCOPES } from '../tokens/JwtAuthority.ts';
import { readJsonObject } from './readJsonObject.ts';
import { validateRedirectUri } from './validateRedirectUri.ts';

/**
 * `POST /o/client/register` — Adobe Pass "Retrieve client credentials" (RFC 7591 §3). Every success creates a NEW
 * client: re-registering is never idempotent, which is why clients must keep their credentials forever (DCR FAQ).
 *
 * Errors (400, `{ error }`): `invalid_request` (bad X-Device-Info, content type, body or missing
 * `software_statement`), `invalid_software_statement` (not an RS256 JWT signed by this simulator with valid claims),
 * `unapproved_software_statement` (its software_id was revoked), `invalid_redirect_uri`.
 */
export async function register(core: SimulatorCore, request: Request, context: RequestContext): Promise<Response> {
  const deviceInfo = validateDeviceInfo(request.headers.get('x-device-info'));
  if (!deviceInfo.ok)
    return oauthError(400, 'invalid_request', `The X-Device-Info header is invalid: ${deviceInfo.reason}`);
  if (!isMediaType(request.headers.get('content-type'), 'application/json')) {
    return oauthError(400, 'invalid_request', 'The Content-Type must be application/json;charset=utf-8.');
  }
  const body = await readJsonObject(request);
  if (!body.ok)
    return oauthError(body.status, body.status === 413 ? 'payload_too_large' : 'invalid_request', body.message);
  const fields = body.value ?? {};

  const statement = fields.software_statement;
  if (statement === undefined || statement === null || statement === '') {
    return oauthError(400, 'invalid_request', 'The software_statement parameter is missing.');
  }
  if (typeof statement !== 'string') {
    return oauthError(400, 'invalid_software_statement', 'The software_statement must be a JWT string.');
  }
  const verdict = await core.authority.verifySoftwareStatement(statement, core.now());
  if (!verdict.ok) return oauthError(400, 'invalid_software_statement', verdict.reason);
  context.entry.softwareId = verdict.softwareId;
  if (core.state.revokedSoftwareIds.has(verdict.softwareId)) {
    return oauthError(400, 'unapproved_software_statement', 'The software statement has been revoked.');
  }

  const redirectUri = fields.redirect_uri;
  let redirectUris: string[] = [];
  if (redirectUri !== undefined && redirectUri !== null) {
    if (typeof redirectUri !== 'string') {
      return oauthError(400, 'invalid_redirect_uri', 'The redirect_uri must be a string.');
    }
    const check = validateRedirectUri(redirectUri);
    if (!check.ok) return oauthError(400, 'invalid_redirect_uri', check.reason);
    redirectUris = [redirectUri];
  }

  const client = {
    clientId: crypto.randomUUID(),
    clientSecret: randomSecret(),
    softwareId: verdict.softwareId,
    issuedAt: Math.floor(core.now() / 1000),
    redirectUris,
  };
  core.state.addClient(client);
  context.entry.clientId = client.clientId;
  return jsonResponse(
    201,
    {
      client_id: client.clientId,
      client_secret: client.clientSecret,
      client_id_issued_at: client.issuedAt,
      redirect_uris: client.redirectUris,
      grant_types: ['client_credentials'],
      scopes: [...CLIENT_SCOPES],
    },
    // RFC 7591 §3.2.1 responses carry secrets: never cache them (older Adobe answers sent this header too).
    { 'cache-control': 'no-store', pragma: 'no-cache' },
  );
}

/** 256 random bits, base64url. */
function randomSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}
