// Conformance against the real simulator over HTTP: every error code the simulator produces reaches the caller as the
// documented typed error. The simulator is the independent judge (it imports nothing from dcrflow); where the client
// cannot produce a bad request by itself (it always sends a well-formed one), a fetch wrapper corrupts the request on
// its way out, so the answer being mapped is still the simulator's own.
import { startSimulator } from '@dcrflow/simulator/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ContractError,
  createDcrHttp,
  type DcrHttpOptions,
  ProtocolError,
  ServerError,
  ThrottledError,
  TransportError,
} from '../src/index.ts';

let sim: Awaited<ReturnType<typeof startSimulator>>;
let statement: string;

beforeAll(async () => {
  sim = await startSimulator({ throttle: false });
  statement = (await sim.simulator.mintSoftwareStatement()).software_statement;
});
afterAll(() => sim.close());

/** A fetch that lets `edit` rewrite the outgoing request (URL, headers, body) before it reaches the simulator. */
function rewritingFetch(edit: (url: string, init: RequestInit & { headers: Headers }) => [string, RequestInit]) {
  return async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const headers = new Headers(request.headers);
    const body = request.method === 'GET' ? undefined : await request.text();
    const [url, next] = edit(request.url, { method: request.method, headers, ...(body === undefined ? {} : { body }) });
    return fetch(url, next);
  };
}

function http(options: Partial<DcrHttpOptions> = {}) {
  return createDcrHttp({ baseUrl: sim.url, ...options });
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the request to fail');
}

describe('register errors from the simulator', () => {
  it('invalid_software_statement (garbage, tampered) → ProtocolError', async () => {
    for (const softwareStatement of ['not-a-jwt', `${statement.slice(0, -4)}AAAA`]) {
      const error = await failure(http().register({ softwareStatement }));
      expect(error).toBeInstanceOf(ProtocolError);
      expect(error).toMatchObject({ status: 400, error: 'invalid_software_statement', endpoint: 'register' });
    }
  });

  it('unapproved_software_statement (revoked) → ProtocolError', async () => {
    const minted = await sim.simulator.mintSoftwareStatement();
    sim.simulator.revokeSoftwareStatement(minted.software_id);
    const error = await failure(http().register({ softwareStatement: minted.software_statement }));
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error).toMatchObject({ status: 400, error: 'unapproved_software_statement' });
  });

  it('invalid_redirect_uri → ProtocolError', async () => {
    const error = await failure(http().register({ softwareStatement: statement, redirectUri: 'javascript:alert(1)' }));
    expect(error).toMatchObject({ code: 'protocol', status: 400, error: 'invalid_redirect_uri' });
  });

  it('invalid_request (wrong content type, produced by a corrupted request) → ProtocolError', async () => {
    const fetch = rewritingFetch((url, init) => {
      init.headers.set('content-type', 'text/plain');
      return [url, init];
    });
    const error = await failure(http({ fetch }).register({ softwareStatement: statement }));
    expect(error).toMatchObject({ code: 'protocol', status: 400, error: 'invalid_request' });
  });

  it('success → every documented field, typed', async () => {
    const credentials = await http().register({ softwareStatement: statement, redirectUri: 'https://app.example/cb' });
    expect(credentials).toMatchObject({ grantTypes: ['client_credentials'], scopes: ['api:client:v2'] });
    expect(typeof credentials.clientId).toBe('string');
    expect(typeof credentials.clientSecret).toBe('string');
    expect(credentials.issuedAt).toBeGreaterThan(1e12); // seconds on the wire, normalised to ms
  });
});

describe('token errors from the simulator', () => {
  it('invalid_client (unknown, deleted, revoked statement) → ProtocolError', async () => {
    const unknown = await failure(http().requestToken({ clientId: 'nobody', clientSecret: 'nothing' }));
    expect(unknown).toMatchObject({ code: 'protocol', status: 400, error: 'invalid_client', endpoint: 'token' });

    const deleted = await http().register({ softwareStatement: statement });
    sim.simulator.deleteClient(deleted.clientId);
    expect(await failure(http().requestToken(deleted))).toMatchObject({ error: 'invalid_client' });

    const minted = await sim.simulator.mintSoftwareStatement();
    const revoked = await http().register({ softwareStatement: minted.software_statement });
    sim.simulator.revokeSoftwareStatement(minted.software_id);
    expect(await failure(http().requestToken(revoked))).toMatchObject({ error: 'invalid_client' });
  });

  it('unsupported_grant_type and invalid_request (corrupted requests) → ProtocolError', async () => {
    const credentials = await http().register({ softwareStatement: statement });
    const otherGrant = rewritingFetch((url, init) => [
      url,
      { ...init, body: String(init.body).replace('client_credentials', 'password') },
    ]);
    expect(await failure(http({ fetch: otherGrant }).requestToken(credentials))).toMatchObject({
      code: 'protocol',
      error: 'unsupported_grant_type',
    });
    const missing = rewritingFetch((url, init) => [url, { ...init, body: 'grant_type=client_credentials' }]);
    expect(await failure(http({ fetch: missing }).requestToken(credentials))).toMatchObject({
      code: 'protocol',
      error: 'invalid_request',
    });
  });

  it('both client authentication methods succeed, and the grant is typed', async () => {
    const credentials = await http().register({ softwareStatement: statement });
    for (const tokenAuthMethod of ['client_secret_post', 'client_secret_basic'] as const) {
      const grant = await http({ tokenAuthMethod }).requestToken(credentials);
      expect(grant).toMatchObject({ tokenType: 'bearer', expiresIn: 21_600 });
      expect(grant.createdAt).toBeGreaterThan(1e12);
    }
  });
});

describe('throttling and injected faults from the simulator', () => {
  it('429 HTML without Retry-After → ThrottledError', async () => {
    // Refills one request per 1,000 s, so the second request is throttled however slowly a loaded machine sends it.
    const throttled = await startSimulator({ throttle: { ratePerSecond: 0.001, burst: 1 } });
    try {
      const client = createDcrHttp({ baseUrl: throttled.url });
      await failure(client.requestToken({ clientId: 'a', clientSecret: 'b' })); // spends the burst (invalid_client)
      const error = await failure(client.requestToken({ clientId: 'a', clientSecret: 'b' }));
      expect(error).toBeInstanceOf(ThrottledError);
      expect(error).toMatchObject({ status: 429, retryAfterSeconds: undefined });
    } finally {
      await throttled.close();
    }
  });

  it('5xx → ServerError, malformed 2xx → ContractError, reset → TransportError', async () => {
    const credentials = await http().register({ softwareStatement: statement });
    sim.simulator.injectFault({ kind: 'error', endpoint: 'token', status: 503 });
    expect(await failure(http().requestToken(credentials))).toBeInstanceOf(ServerError);
    sim.simulator.injectFault({ kind: 'malformed', endpoint: 'token' });
    expect(await failure(http().requestToken(credentials))).toBeInstanceOf(ContractError);
    sim.simulator.injectFault({ kind: 'reset', endpoint: 'token' });
    const reset = await failure(http().requestToken(credentials));
    expect(reset).toBeInstanceOf(TransportError);
    expect(reset).toMatchObject({ reason: 'network' });
  });
});
