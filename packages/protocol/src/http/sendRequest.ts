import { ConfigurationError } from '../errors/ConfigurationError.ts';
import { TransportError } from '../errors/TransportError.ts';
import { sanitizeCause } from '../secrets/sanitizeCause.ts';
import type { PreparedRequest } from './PreparedRequest.ts';
import { type ResponseSnapshot, readResponseSnapshot } from './readResponseSnapshot.ts';

const LABELS = { register: 'Register', token: 'Token' } as const;

/**
 * Sends one prepared request and reads the response, or throws a `TransportError`. Whatever the status: the response
 * processors turn 4xx/5xx bodies into typed errors.
 *
 * One deadline covers the whole exchange, headers and body, through our own AbortController: a server that answers
 * headers and then stalls is still a timeout. Which of the deadline and the caller's signal fired first decides
 * between `timeout` and `abort`. Transport errors are never kept as they are: they may hold the Request (ky's do),
 * with its secrets; the cause is a sanitised copy of the chain.
 */
export async function sendRequest(
  send: typeof fetch,
  request: PreparedRequest,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<ResponseSnapshot> {
  const label = LABELS[request.endpoint];
  const where = `${label} request to ${request.url}`;
  const aborted = (cause: unknown) =>
    new TransportError(
      `${where} was aborted by the caller.`,
      { reason: 'abort', endpoint: request.endpoint },
      { cause: sanitizeCause(cause, request.secrets) },
    );
  if (signal?.aborted) throw aborted(signal.reason);

  const controller = new AbortController();
  let stoppedBy: 'timeout' | 'abort' | undefined;
  const onAbort = () => {
    stoppedBy ??= 'abort';
    controller.abort(signal?.reason);
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => {
    stoppedBy ??= 'timeout';
    controller.abort();
  }, timeoutMs);
  try {
    // A Request, not (url, init): what fetch wrappers and test stubs written against a Request expect to receive.
    const outgoing = new Request(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      signal: controller.signal,
      // A DCR endpoint never redirects; following one would resend the secret elsewhere.
      redirect: 'manual',
      // No cookies: DCR authenticates with the software statement and client credentials only.
      credentials: 'omit',
    });
    const response = await send(outgoing);
    return await readResponseSnapshot(response);
  } catch (error) {
    if (ConfigurationError.is(error)) throw error;
    if (stoppedBy === 'timeout') {
      throw new TransportError(`${where} timed out after ${timeoutMs} ms.`, {
        reason: 'timeout',
        endpoint: request.endpoint,
      });
    }
    if (stoppedBy === 'abort' || signal?.aborted) throw aborted(signal?.reason);
    throw new TransportError(
      `${where} failed: no response was received (network error).`,
      { reason: 'network', endpoint: request.endpoint },
      { cause: sanitizeCause(error, request.secrets) },
    );
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}
