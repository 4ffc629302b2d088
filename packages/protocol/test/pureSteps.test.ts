// The pure steps createDcrHttp is made of, used on their own (oauth4webapi style) against the real simulator over
// HTTP with the platform's fetch: build the request, send it yourself, process the response.
import { startSimulator } from '@dcrflow/simulator/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildRegisterRequest,
  buildTokenRequest,
  ProtocolError,
  processRegisterResponse,
  processTokenResponse,
  readResponseSnapshot,
  resolveHttpOptions,
} from '../src/index.ts';

let sim: Awaited<ReturnType<typeof startSimulator>>;
let statement: string;

beforeAll(async () => {
  sim = await startSimulator({ throttle: false });
  statement = (await sim.simulator.mintSoftwareStatement()).software_statement;
});
afterAll(() => sim.close());

const send = (request: { url: string; headers: Readonly<Record<string, string>>; body: string }) =>
  fetch(request.url, { method: 'POST', headers: request.headers, body: request.body, redirect: 'manual' });

describe('pure request builders and response processors', () => {
  it('register and obtain a token with your own fetch', async () => {
    const config = resolveHttpOptions({ baseUrl: sim.url });
    const register = buildRegisterRequest(config, { softwareStatement: statement });
    expect(register.secrets).toContain(statement);
    const credentials = processRegisterResponse(await readResponseSnapshot(await send(register)), {
      secrets: register.secrets,
    });
    expect(credentials.clientId).toEqual(expect.any(String));

    const token = buildTokenRequest(config, credentials);
    const grant = processTokenResponse(await readResponseSnapshot(await send(token)), { secrets: token.secrets });
    expect(grant).toMatchObject({ accessToken: expect.any(String), tokenType: 'bearer' });
    expect(grant.expiresIn).toBeGreaterThan(0);
  });

  it('a processor turns an error answer into the typed error, with the request secrets scrubbed', async () => {
    const config = resolveHttpOptions({ baseUrl: sim.url });
    const token = buildTokenRequest(config, { clientId: 'nobody', clientSecret: 'not-a-real-secret-value' });
    const snapshot = await readResponseSnapshot(await send(token));
    let thrown: unknown;
    try {
      processTokenResponse(snapshot, { secrets: token.secrets });
    } catch (error) {
      thrown = error;
    }
    expect(ProtocolError.is(thrown)).toBe(true);
    expect((thrown as ProtocolError).error).toBe('invalid_client');
    expect(JSON.stringify(thrown)).not.toContain('not-a-real-secret-value');
  });
});
