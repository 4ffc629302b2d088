import { ConfigurationError } from '../errors/ConfigurationError.ts';
import { buildRegisterRequest } from './buildRegisterRequest.ts';
import { buildTokenRequest } from './buildTokenRequest.ts';
import { processRegisterResponse } from './processRegisterResponse.ts';
import { processTokenResponse } from './processTokenResponse.ts';
import { isResolvedHttpOptions, type ResolvedHttpOptions, resolveHttpOptions } from './resolveHttpOptions.ts';
import { sendRequest } from './sendRequest.ts';
import type { DcrHttp, DcrHttpOptions, RequestOptions } from './types.ts';

// Bundlers define it; declared here rather than through @types/node, which the build does not load.
declare const process: { readonly env: { readonly NODE_ENV?: string } };

function signalOf(options: RequestOptions | undefined): AbortSignal | undefined {
  if (options === undefined) return undefined;
  if (typeof options !== 'object' || options === null) {
    throw ConfigurationError.forOption(
      'request options',
      process.env.NODE_ENV !== 'production' && 'Request options must be an object when given.',
    );
  }
  const { signal } = options;
  if (signal !== undefined && (typeof signal !== 'object' || signal === null || !('aborted' in signal))) {
    throw ConfigurationError.forOption(
      'signal',
      process.env.NODE_ENV !== 'production' && 'signal must be an AbortSignal when given.',
    );
  }
  return signal;
}

/**
 * Creates the HTTP client for the two Adobe Pass DCR endpoints: `register` (POST `/o/client/register`) and
 * `requestToken` (POST `/o/client/token`, client credentials grant). Each call is exactly one attempt — the
 * lifecycle machine owns retries and backoff — sent with plain `fetch` (or the `fetch` option: `kyFetch()` from
 * `@dcrflow/protocol/ky` sends through a ky instance and its hooks), and resolves with typed data or rejects with a
 * `DcrError` subclass: `TransportError`, `ThrottledError`, `ProtocolError`, `ServerError`, `ContractError` or
 * `ConfigurationError`. Bad options throw `ConfigurationError` right here; what `resolveHttpOptions` returned is
 * taken as it is.
 * Source: Adobe Pass "Dynamic Client Registration" API reference and OpenAPI; RFC 7591; RFC 6749 §4.4.
 *
 * @example
 * ```ts
 * import { createDcrHttp, encodeDeviceInfo } from '@dcrflow/protocol';
 * const http = createDcrHttp({
 *   baseUrl: 'https://sp.auth-staging.adobe.com',
 *   deviceInfo: { model: 'Chromecast', version: '3', osName: 'Android', osVersion: '12', connectionType: 'WiFi' },
 * });
 * const credentials = await http.register({ softwareStatement });
 * const grant = await http.requestToken(credentials);
 * console.log(grant.tokenType, grant.expiresIn);
 * ```
 */
export function createDcrHttp(options: ResolvedHttpOptions): DcrHttp;
export function createDcrHttp(options: DcrHttpOptions): DcrHttp;
export function createDcrHttp(options: DcrHttpOptions | ResolvedHttpOptions): DcrHttp {
  // Options resolved earlier (resolveHttpOptions) are used as they are: validated once.
  const config = isResolvedHttpOptions(options) ? options : resolveHttpOptions(options);
  // Looked up at request time, not here, so late polyfills and test stubs apply.
  const send: typeof fetch = (input, init) => {
    const fetchImpl = config.fetch ?? globalThis.fetch;
    if (typeof fetchImpl !== 'function') {
      throw new ConfigurationError('No fetch implementation is available: pass the fetch option.');
    }
    return fetchImpl(input, init);
  };

  return Object.freeze({
    async register(input, requestOptions) {
      const signal = signalOf(requestOptions);
      const request = buildRegisterRequest(config, input);
      const snapshot = await sendRequest(send, request, config.timeoutMs, signal);
      return processRegisterResponse(snapshot, { secrets: request.secrets });
    },
    async requestToken(credentials, requestOptions) {
      const signal = signalOf(requestOptions);
      const request = buildTokenRequest(config, credentials);
      const snapshot = await sendRequest(send, request, config.timeoutMs, signal);
      return processTokenResponse(snapshot, { secrets: request.secrets });
    },
  } satisfies DcrHttp);
}
