import { validateDeviceInfo } from '../deviceInfo/validateDeviceInfo.ts';
import { enhancedError } from '../http/enhancedError.ts';
import { jsonResponse } from '../http/jsonResponse.ts';
import type { RequestContext, SimulatorCore } from '../state/SimulatorCore.ts';

/** RFC 6750 §3: a 401 for a bearer-protected resource names the scheme and the error. */
const BEARER_CHALLENGE = { 'www-authenticate': 'Bearer error="invalid_token"' };

/** `AP-Device-Identifier: fingerprint <base64>` (Adobe Pass "AP-Device-Identifier" header appendix). */
const DEVICE_IDENTIFIER = /^fingerprint [A-Za-z0-9+/]+={0,2}$/;

/**
 * `GET /api/v2/{serviceProvider}/configuration` — a REST API v2 resource protected by the DCR access token
 * (Adobe Pass "Retrieve configuration"). Rejections use enhanced error codes (Adobe Pass "Enhanced Error Codes"):
 * - 401 `invalid_access_token_signature`, action `retry`: no/garbled/forged bearer token (historic code; the fix is
 *   to get a new token with the stored credentials and retry, as for an expired one);
 * - 401 `access_token_expired`, action `retry`: expired against the simulated clock;
 * - 401 `invalid_access_token_client_application`, action `application-registration`: the token's client was
 *   deleted, forgotten by a reset, or its software statement revoked — only a new registration can help;
 * - 400 `invalid_header_device_info` / `invalid_header_device_identifier`, action `none`: a header sent but invalid.
 */
export async function configuration(
  core: SimulatorCore,
  request: Request,
  context: RequestContext,
  serviceProvider: string,
): Promise<Response> {
  const match = /^Bearer +([^\s]+) *$/i.exec(request.headers.get('authorization') ?? '');
  const bearer = match?.[1];
  if (bearer === undefined) {
    return enhancedError(
      401,
      'retry',
      'invalid_access_token_signature',
      'The request has no Bearer access token.',
      BEARER_CHALLENGE,
    );
  }
  const verdict = await core.authority.verifyAccessToken(bearer, core.now());
  if (!verdict.ok) {
    return verdict.reason === 'expired'
      ? enhancedError(401, 'retry', 'access_token_expired', 'The access token has expired.', BEARER_CHALLENGE)
      : enhancedError(
          401,
          'retry',
          'invalid_access_token_signature',
          'The access token signature does not verify.',
          BEARER_CHALLENGE,
        );
  }
  context.entry.clientId = verdict.clientId;
  const client = core.state.clients.get(verdict.clientId);
  if (client) context.entry.softwareId = client.softwareId;
  if (core.state.liveClient(verdict.clientId) === undefined) {
    return enhancedError(
      401,
      'application-registration',
      'invalid_access_token_client_application',
      'The client application of this access token is no longer registered.',
      BEARER_CHALLENGE,
    );
  }

  const deviceInfo = validateDeviceInfo(request.headers.get('x-device-info'));
  if (!deviceInfo.ok) {
    return enhancedError(
      400,
      'none',
      'invalid_header_device_info',
      `The X-Device-Info header is invalid: ${deviceInfo.reason}`,
    );
  }
  const identifier = request.headers.get('ap-device-identifier');
  if (identifier !== null && !DEVICE_IDENTIFIER.test(identifier.trim())) {
    return enhancedError(
      400,
      'none',
      'invalid_header_device_identifier',
      'The AP-Device-Identifier header must be "fingerprint <base64>".',
    );
  }

  return jsonResponse(200, {
    serviceProvider,
    mvpds: [
      {
        id: 'SimulatedMVPD',
        displayName: 'Simulated MVPD',
        logoUrl: 'https://example.com/simulated-mvpd.png',
        isTempPass: false,
        isProxy: false,
      },
    ],
  });
}
