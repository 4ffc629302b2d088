import { createRouter } from './createRouter.ts';
import { SimulatedConnectionReset } from './errors/SimulatedConnectionReset.ts';
import { FaultInjector } from './faults/FaultInjector.ts';
import { errorResponseFor } from './http/errorResponseFor.ts';
import { htmlResponse } from './http/htmlResponse.ts';
import { JSON_CONTENT_TYPE } from './http/jsonResponse.ts';
import { declaresTooLargeBody } from './http/readBody.ts';
import { isCorsPath, preflightResponse, withCors } from './http/withCors.ts';
import type { RequestContext, SimulatorCore } from './state/SimulatorCore.ts';
import { SimulatorState } from './state/SimulatorState.ts';
import { DeviceThrottle } from './throttle/DeviceThrottle.ts';
import { JwtAuthority } from './tokens/JwtAuthority.ts';
import type { FaultSpec } from './types/FaultSpec.ts';
import type { SimulatorEndpoint } from './types/RequestLogEntry.ts';
import type { Simulator, SimulatorEnv } from './types/Simulator.ts';
import type { SimulatorOptions, ThrottleOptions } from './types/SimulatorOptions.ts';

/** Adobe's sample `expires_in` (DCR "Retrieve access token" page): 6 hours. */
const DEFAULT_TOKEN_TTL_SECONDS = 21_600;
/** Adobe Pass "Throttling mechanism": 1 request/second plus a one-time initial burst of 10. */
const DEFAULT_THROTTLE: ThrottleOptions = { ratePerSecond: 1, burst: 10 };
const MAX_DEVICE_KEY_LENGTH = 256;
const SERVER_ERROR_TITLES: Readonly<Record<number, string>> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/**
 * Creates an Adobe-faithful Adobe Pass DCR server as a Web-standard fetch handler — no Node APIs, so it runs in a
 * browser page as well as behind `startSimulator()` from `@dcrflow/simulator/node`.
 *
 * Endpoints: `POST /o/client/register`, `POST /o/client/token`, `GET /api/v2/{serviceProvider}/configuration`,
 * and the `/admin/*` API; see the package README for every rule and the deliberate differences from Adobe.
 *
 * @throws {RangeError} when an option is out of range (e.g. a non-positive `tokenTtlSeconds`).
 * @example
 * import { createSimulator } from '@dcrflow/simulator';
 *
 * const simulator = createSimulator({ throttle: false });
 * const { software_statement } = await simulator.mintSoftwareStatement({ client_name: 'My TV app' });
 * const response = await simulator.fetch(
 *   new Request('http://simulator.local/o/client/register', {
 *     method: 'POST',
 *     headers: { 'Content-Type': 'application/json;charset=utf-8' },
 *     body: JSON.stringify({ software_statement, redirect_uri: 'https://app.example/callback' }),
 *   }),
 * );
 * const { client_id, client_secret } = await response.json();
 */
export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const realNow = options.now ?? Date.now;
  const tokenTtlSeconds = options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
  if (!Number.isSafeInteger(tokenTtlSeconds) || tokenTtlSeconds < 1) {
    throw new RangeError('tokenTtlSeconds must be a whole number of seconds ≥ 1.');
  }
  const throttleOptions = options.throttle === undefined ? DEFAULT_THROTTLE : options.throttle;
  if (throttleOptions !== false) {
    const { ratePerSecond, burst } = throttleOptions;
    if (!(Number.isFinite(ratePerSecond) && ratePerSecond > 0)) {
      throw new RangeError('throttle.ratePerSecond must be a finite number > 0.');
    }
    if (!(Number.isFinite(burst) && burst >= 1)) throw new RangeError('throttle.burst must be a finite number ≥ 1.');
  }
  const issuer = options.issuer ?? 'auth.adobe.com';
  if (typeof issuer !== 'string' || issuer === '') throw new RangeError('issuer must be a non-empty string.');

  const state = new SimulatorState();
  const authority = new JwtAuthority(issuer, options.keys);
  const faults = new FaultInjector();
  const throttle = throttleOptions === false ? undefined : new DeviceThrottle(throttleOptions);
  let clockOffsetMs = 0;

  const core: SimulatorCore = { state, authority, tokenTtlSeconds, now: () => realNow() + clockOffsetMs };

  const simulator: Simulator = {
    fetch: (request, env) => handle(request, env ?? {}),

    async mintSoftwareStatement(input = {}) {
      const softwareId = input.software_id ?? crypto.randomUUID();
      const clientName = input.client_name ?? 'dcrflow simulated application';
      for (const [name, value] of [
        ['software_id', softwareId],
        ['client_name', clientName],
      ] as const) {
        if (typeof value !== 'string' || value === '' || value.length > 256) {
          throw new TypeError(`${name} must be a non-empty string of at most 256 characters.`);
        }
      }
      const software_statement = await authority.mintSoftwareStatement({ softwareId, clientName, nowMs: core.now() });
      return { software_statement, software_id: softwareId };
    },

    revokeSoftwareStatement(softwareId) {
      if (typeof softwareId !== 'string' || softwareId === '')
        throw new TypeError('softwareId must be a non-empty string.');
      state.revokedSoftwareIds.add(softwareId);
    },

    deleteClient(clientId) {
      return state.clients.delete(clientId);
    },

    advanceClock(seconds) {
      if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
        throw new RangeError('advanceClock takes a finite number of seconds ≥ 0.');
      }
      clockOffsetMs += seconds * 1000;
    },

    now: () => core.now(),
    injectFault: (fault: FaultSpec) => faults.arm(fault),
    clearFaults: () => faults.clear(),
    stats: () => state.stats(),
    requests: () => state.requests(),

    reset() {
      state.reset();
      faults.clear();
      throttle?.clear();
      clockOffsetMs = 0;
    },
  };

  const router = createRouter(core, simulator, authority);

  async function handle(request: Request, env: SimulatorEnv): Promise<Response> {
    const path = new URL(request.url).pathname;
    const endpoint = classify(path);
    const device = deviceKey(request.headers, env.remoteAddress);
    const context: RequestContext = {
      entry: { at: realNow(), endpoint, method: request.method, path, status: 0, device },
      forget: false,
    };
    let response: Response | undefined;
    try {
      try {
        response = await respond(request, path, endpoint, device, context);
      } catch (error) {
        if (SimulatedConnectionReset.is(error)) throw error;
        // The router already turns handler failures into 500s; this catches the pipeline's own, so `fetch` keeps
        // its promise of always resolving to a well-formed response.
        response = errorResponseFor(
          path,
          500,
          'server_error',
          'The simulator failed unexpectedly; this is a simulator bug.',
        );
      }
      return response;
    } finally {
      if (!context.forget) {
        state.countRequest(endpoint);
        if (response) {
          context.entry.status = response.status;
          state.countResponse(response.status);
        }
        state.log(context.entry);
      }
    }
  }

  async function respond(
    request: Request,
    path: string,
    endpoint: SimulatorEndpoint,
    device: string,
    context: RequestContext,
  ): Promise<Response> {
    const cors = isCorsPath(path);
    // Preflights are answered before throttling: a browser sends one per distinct request, and counting them would
    // halve a browser app's budget compared with a native one.
    if (cors && request.method === 'OPTIONS') return preflightResponse();
    const finish = (response: Response) => (cors ? withCors(response) : response);

    if (throttle && (path.startsWith('/o/client/') || path.startsWith('/api/v2/'))) {
      if (!throttle.take(device, realNow())) {
        context.entry.throttled = true;
        state.countThrottled();
        return finish(htmlResponse(429, 'Too Many Requests'));
      }
    }

    const decision = faults.decide(endpoint);
    const lastFired = decision.fired.at(-1);
    if (lastFired !== undefined) {
      state.countFaults(decision.fired.length);
      context.entry.fault = lastFired;
    }
    if (decision.delayMs > 0) await sleep(decision.delayMs);
    switch (decision.terminal?.kind) {
      case 'error':
        return finish(
          htmlResponse(decision.terminal.status, SERVER_ERROR_TITLES[decision.terminal.status] ?? 'Server Error'),
        );
      case 'throttle':
        return finish(htmlResponse(429, 'Too Many Requests'));
      case 'reset':
        throw new SimulatedConnectionReset();
      default:
    }

    const response = declaresTooLargeBody(request.headers)
      ? errorResponseFor(path, 413, 'payload_too_large', 'The request body is larger than 64 KiB.')
      : await router.fetch(request, context);
    // A malformed answer still reflects a processed request: the state change happened, the response got mangled.
    return finish(decision.terminal?.kind === 'malformed' ? await malformed(response) : response);
  }

  return simulator;
}

/** Which endpoint a path addresses. */
function classify(path: string): SimulatorEndpoint {
  if (path === '/o/client/register') return 'register';
  if (path === '/o/client/token') return 'token';
  if (path.startsWith('/api/')) return 'api';
  if (path === '/admin' || path.startsWith('/admin/')) return 'admin';
  return 'other';
}

/**
 * The throttle key: the first `X-Forwarded-For` address (server-to-server integrations forward the device's IP —
 * Adobe Pass "Throttling mechanism"), else the TCP peer, else `'local'` (in-page use).
 */
function deviceKey(headers: Headers, remoteAddress: string | undefined): string {
  const forwarded = headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  if (forwarded) return forwarded.slice(0, MAX_DEVICE_KEY_LENGTH);
  if (remoteAddress) return remoteAddress.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
  return 'local';
}

/** The `'malformed'` fault: a 2xx status (the original one when it was 2xx) with the JSON body cut in half. */
async function malformed(response: Response): Promise<Response> {
  const text = await response.text();
  const cut = text.length > 2 ? text.slice(0, Math.floor(text.length / 2)) : '{"';
  const status = response.status >= 200 && response.status < 300 && response.status !== 204 ? response.status : 200;
  return new Response(cut, { status, headers: { 'content-type': JSON_CONTENT_TYPE } });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
