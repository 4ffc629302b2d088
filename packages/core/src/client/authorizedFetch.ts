import { ConfigurationError, ProtocolError, readEnhancedError, redact, scrubSecrets } from '@dcrflow/protocol';
import type { DcrEvent } from '../machine/types.ts';
import type { Clock } from '../ports/Clock.ts';
import type { Vault } from './createVault.ts';
import type { AccessToken } from './types.ts';

/** Enhanced-error evidence that only a new registration helps (dcr-protocol.md §5). */
const REGISTRATION_CODES = new Set(['invalid_access_token_client_application', 'invalid_client_id']);

/**
 * What `client.fetch` needs from its client. The client object itself provides it (prototype methods and fields),
 * so a client holds no per-client fetch closure.
 */
export interface AuthorizedFetchHost {
  /** The `fetch` option (`globalThis.fetch` when absent, looked up per call). */
  readonly fetchOption: typeof globalThis.fetch | undefined;
  /** The DCR server's origin: only requests to it get the X-Device-Info header. */
  readonly baseOrigin: string;
  readonly deviceInfoHeader: string | undefined;
  readonly clock: Clock;
  readonly vault: Vault;
  /** Throws a ConfigurationError for a URL whose origin may not receive the token (fetchOriginPolicy.ts). */
  assertFetchOrigin(url: string): void;
  getAccessToken(): Promise<AccessToken>;
  /** Sends an event to the lifecycle machine (waking a hibernated client first). */
  send(event: DcrEvent): void;
  /** The client id of the credentials in use, if any. */
  clientId(): string | null;
}

/**
 * `client.fetch`: the request with the Bearer token; on a 401, one refresh and one retry; on a second 401 whose
 * evidence says the application registration is gone, one new registration and one more retry; then a
 * `ProtocolError` with the server's (scrubbed) evidence (dcr-protocol.md §5 "Suggested client policy").
 */
export async function authorizedFetch(
  host: AuthorizedFetchHost,
  input: string | URL | Request,
  init?: RequestInit,
): Promise<Response> {
  const { fetchOption, baseOrigin, deviceInfoHeader, clock, vault } = host;
  let template: Request;
  try {
    template = new Request(input, init);
  } catch (error) {
    throw new ConfigurationError(
      `client.fetch() got an invalid request (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
  host.assertFetchOrigin(template.url);
  const fetchImpl = fetchOption ?? globalThis.fetch;
  const sameOrigin = new URL(template.url).origin === baseOrigin;
  const send = (token: AccessToken) => {
    const request = template.clone();
    request.headers.set('authorization', `Bearer ${token.accessToken}`);
    if (sameOrigin && deviceInfoHeader !== undefined && !request.headers.has('x-device-info')) {
      request.headers.set('x-device-info', deviceInfoHeader);
    }
    return fetchImpl(request);
  };

  let token = await host.getAccessToken();
  let response = await send(token);
  if (response.status !== 401) return response;

  // First 401: the token is invalid — refresh once with the stored credentials, retry once (dcr-protocol.md §5).
  // Only a rejection of the token the client still holds means anything: one replaced while this call was out is
  // simply retried with its successor. Checked here on the token itself, because the machine compares 16-bit
  // fingerprints, which a stale token and its successor share once in 65,536 (client.staleRejection.test.ts).
  if (vault.token?.accessToken === token.accessToken) {
    host.send({ type: 'TOKEN.REJECTED', at: clock.now(), fingerprint: redact(token.accessToken) });
  }
  token = await host.getAccessToken();
  response = await send(token);
  if (response.status !== 401) return response;

  let evidence = await readEnhancedError(response);
  const registrationProblem =
    evidence !== undefined && (evidence.action === 'application-registration' || REGISTRATION_CODES.has(evidence.code));
  if (registrationProblem) {
    // Second 401 saying the application registration is gone: register again once (costs a re-authentication).
    const clientId = host.clientId();
    if (clientId !== null) host.send({ type: 'CREDENTIALS.REJECTED', at: clock.now(), clientId });
    token = await host.getAccessToken();
    response = await send(token);
    if (response.status !== 401) return response;
    evidence = await readEnhancedError(response);
  }
  const secrets = vault.secrets();
  // The evidence is the resource server's text: scrubbed like any server answer (secret echoes in any encoding or
  // case, control characters that could forge log lines, length), so a hostile 401 cannot leak or inject.
  const code = scrubSecrets(evidence?.code ?? 'unauthorized', secrets, 100);
  throw new ProtocolError(
    scrubSecrets(
      `The protected resource kept answering 401 ${code} after a token refresh${registrationProblem ? ' and a new registration' : ''}; giving up.`,
      secrets,
    ),
    {
      status: 401,
      error: code,
      description: evidence?.message === undefined ? undefined : scrubSecrets(evidence.message, secrets),
      action: evidence?.action === undefined ? undefined : scrubSecrets(evidence.action, secrets, 100),
      retryAfterSeconds: undefined,
      endpoint: new URL(template.url).pathname,
    },
  );
}
