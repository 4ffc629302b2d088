import { ConfigurationError } from '../errors/ConfigurationError.ts';
import type { TokenRequest } from '../schemas/tokenRequestSchema.ts';
import type { PreparedRequest } from './PreparedRequest.ts';
import type { ResolvedHttpOptions } from './resolveHttpOptions.ts';

// Bundlers define it; declared here rather than through @types/node, which the build does not load.
declare const process: { readonly env: { readonly NODE_ENV?: string } };

/** application/x-www-form-urlencoded serialisation of one value (RFC 6749 Appendix B). */
function formEncode(value: string): string {
  return new URLSearchParams([['', value]]).toString().slice(1);
}

/**
 * `POST /o/client/token`, client credentials grant (RFC 6749 §4.4.2), form body, `Accept: application/json`.
 * `client_secret_post` (default, the documented Adobe form) puts `client_id` and `client_secret` in the form body;
 * `client_secret_basic` sends `Authorization: Basic base64(formEncode(id) ":" formEncode(secret))` with only
 * `grant_type` in the body (RFC 6749 §2.3.1). Never in the query string, although the Adobe OpenAPI shows it there:
 * query strings end up in access logs.
 *
 * @example
 * ```ts
 * import { buildTokenRequest, processTokenResponse, readResponseSnapshot, resolveHttpOptions } from '@dcrflow/protocol';
 * const request = buildTokenRequest(resolveHttpOptions({ baseUrl }), credentials);
 * const response = await fetch(request.url, { method: 'POST', headers: request.headers, body: request.body });
 * const grant = processTokenResponse(await readResponseSnapshot(response), { secrets: request.secrets });
 * ```
 */
export function buildTokenRequest(
  config: ResolvedHttpOptions,
  credentials: { clientId: string; clientSecret: string },
): PreparedRequest {
  if (typeof credentials !== 'object' || credentials === null) {
    throw ConfigurationError.forOption(
      'credentials',
      process.env.NODE_ENV !== 'production' &&
        'requestToken credentials must be an object with clientId and clientSecret.',
    );
  }
  const { clientId, clientSecret } = credentials;
  if (typeof clientId !== 'string' || clientId.trim() === '') {
    throw ConfigurationError.forOption(
      'clientId',
      process.env.NODE_ENV !== 'production' && 'clientId must be a non-empty string.',
    );
  }
  if (typeof clientSecret !== 'string' || clientSecret === '') {
    throw ConfigurationError.forOption(
      'clientSecret',
      process.env.NODE_ENV !== 'production' && 'clientSecret must be a non-empty string.',
    );
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of config.headers.values()) headers[name] = value;
  headers['Content-Type'] = 'application/x-www-form-urlencoded';
  headers.Accept = 'application/json';

  const secrets = [clientSecret];
  let fields: TokenRequest;
  if (config.tokenAuthMethod === 'client_secret_basic') {
    const basic = btoa(`${formEncode(clientId)}:${formEncode(clientSecret)}`);
    headers.Authorization = `Basic ${basic}`;
    secrets.push(basic);
    fields = { grant_type: 'client_credentials' };
  } else {
    fields = { client_id: clientId, client_secret: clientSecret, grant_type: 'client_credentials' };
  }
  const body = new URLSearchParams(fields as Record<string, string>).toString();
  return { endpoint: 'token', url: config.urls.token, headers, body, secrets };
}
