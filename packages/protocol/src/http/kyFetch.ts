import ky, { type KyInstance, type Options } from 'ky';
import { ConfigurationError } from '../errors/ConfigurationError.ts';

/**
 * The post-ES2020 APIs ky 2 calls, in the order of docs/runtime-support.md's table. dcrflow's default path (plain
 * fetch) calls none of them; an engine that lacks one fails inside ky's first request or timeout, late and vaguely.
 */
const KY_APIS: ReadonlyArray<readonly [name: string, present: () => boolean]> = [
  ['AbortSignal.any', () => typeof AbortSignal.any === 'function'],
  ['AbortSignal.prototype.throwIfAborted', () => typeof AbortSignal.prototype.throwIfAborted === 'function'],
  ['Object.hasOwn', () => typeof Object.hasOwn === 'function'],
  ['Array.prototype.at', () => typeof Array.prototype.at === 'function'],
  ['String.prototype.replaceAll', () => typeof String.prototype.replaceAll === 'function'],
];

/**
 * Turns a ky instance into the `fetch` option of `createDcrHttp` / `createDcrClient` / `createClientPool`, so DCR
 * requests go through ky and the instance's hooks (logging, tracing, extra headers) while dcrflow keeps control of
 * what matters to the protocol: one attempt per request (the lifecycle machine owns retries and backoff), no ky
 * timeout (dcrflow's own deadline covers headers and body), every status returned rather than thrown (4xx/5xx bodies
 * become typed errors), no `prefix` (DCR URLs are absolute), and the `redirect: 'manual'` / `credentials: 'omit'`
 * the request asks for.
 *
 * The default transport is plain `fetch`, so ky is only bundled by apps that import this module (decision 0017).
 * On an engine without the APIs ky 2 needs (an old smart-TV browser without the polyfills of
 * docs/runtime-support.md) it throws one `ConfigurationError` naming each missing API, instead of a client that
 * retries a TypeError until `waitTimeoutMs`.
 *
 * Hooks see the request as sent, including the client secret and software statement in the body and the Basic
 * `Authorization` header: log URLs and statuses, never bodies or headers.
 *
 * @example
 * ```ts
 * import ky from 'ky';
 * import { createDcrHttp } from '@dcrflow/protocol';
 * import { kyFetch } from '@dcrflow/protocol/ky';
 * const traced = ky.create({
 *   hooks: { afterResponse: [({ request, response }) => console.log(request.method, request.url, response.status)] },
 * });
 * const http = createDcrHttp({ baseUrl: 'https://sp.auth-staging.adobe.com', fetch: kyFetch(traced) });
 * ```
 */
export function kyFetch(instance: KyInstance = ky): typeof fetch {
  const missing = KY_APIS.filter(([, present]) => !present()).map(([name]) => name);
  if (missing.length > 0) {
    throw new ConfigurationError(
      `This JavaScript runtime lacks ${missing.join(', ')}, which ky 2 calls. Load the polyfills of ` +
        'docs/runtime-support.md ("Smart TVs and other older engines") first, or leave the fetch option out: ' +
        "dcrflow's default fetch transport needs none of them.",
    );
  }
  const client = instance.extend({ retry: 0, timeout: false, throwHttpErrors: false, prefix: '' });
  return (input, init) => client(input, init as Options);
}
