import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../src/node/index.ts';
import {
  decodeJwt,
  encodeDeviceInfo,
  expectOAuthError,
  json,
  mintStatement,
  type Registered,
  registerClient,
  responseSchema,
  start,
  tokenRequest,
  validateSchema,
} from './helpers.ts';

let sim: RunningSimulator;
let client: Registered;
beforeAll(async () => {
  sim = await start({ tokenTtlSeconds: 3600 });
  client = await registerClient(sim.url);
});
afterAll(() => sim.close());

function credentials(overrides: Record<string, string> = {}) {
  return {
    grant_type: 'client_credentials',
    client_id: client.client_id,
    client_secret: client.client_secret,
    ...overrides,
  };
}

describe('POST /o/client/token', () => {
  it('answers 201 with every documented field, valid against the OpenAPI schema', async () => {
    const before = sim.simulator.now();
    const response = await tokenRequest(sim.url, credentials());
    expect(response.status).toBe(201);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = await json(response);
    expect(validateSchema(responseSchema('/client/token', 'post', '201'), body)).toEqual([]);
    expect(Object.keys(body).sort()).toEqual(['access_token', 'created_at', 'expires_in', 'id', 'token_type']);
    expect(body.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(body.token_type).toBe('bearer');
    expect(body.expires_in).toBe(3600);
    expect(body.created_at).toBeGreaterThanOrEqual(before); // epoch ms
    expect(body.created_at).toBeLessThan(before + 5000);

    const { header, payload } = decodeJwt(String(body.access_token));
    expect(header.alg).toBe('RS256');
    const iat = Math.floor(Number(body.created_at) / 1000);
    expect(payload).toMatchObject({
      iss: 'auth.adobe.com',
      sub: client.client_id,
      iat,
      nbf: iat,
      exp: iat + 3600,
      scopes: ['api:client:v2'],
    });
  });

  it('accepts the parameters in the query string, as Adobe OpenAPI shows them', async () => {
    const query = new URLSearchParams(credentials()).toString();
    const response = await fetch(`${sim.url}/o/client/token?${query}`, { method: 'POST' });
    expect(response.status).toBe(201);
  });

  it('accepts parameters split between query and body', async () => {
    const response = await fetch(`${sim.url}/o/client/token?grant_type=client_credentials`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
      body: new URLSearchParams({ client_id: client.client_id, client_secret: client.client_secret }),
    });
    expect(response.status).toBe(201);
  });

  it('accepts HTTP Basic client authentication (client_secret_basic)', async () => {
    const basic = Buffer.from(
      `${encodeURIComponent(client.client_id)}:${encodeURIComponent(client.client_secret)}`,
    ).toString('base64');
    const response = await tokenRequest(
      sim.url,
      { grant_type: 'client_credentials' },
      { authorization: `Basic ${basic}` },
    );
    expect(response.status).toBe(201);
    expect(decodeJwt(String((await json(response)).access_token)).payload.sub).toBe(client.client_id);
  });

  it('issues a new token on every call and counts it per client', async () => {
    const before = sim.simulator.stats().tokens.byClientId[client.client_id] ?? 0;
    const first = await json(await tokenRequest(sim.url, credentials()));
    const second = await json(await tokenRequest(sim.url, credentials()));
    expect(first.access_token).not.toBe(second.access_token);
    expect(first.id).not.toBe(second.id);
    expect(sim.simulator.stats().tokens.byClientId[client.client_id]).toBe(before + 2);
  });

  describe('invalid_client', () => {
    it('for an unknown client_id', async () => {
      await expectOAuthError(await tokenRequest(sim.url, credentials({ client_id: 'nobody' })), 400, 'invalid_client');
    });

    it('for a wrong client_secret', async () => {
      await expectOAuthError(
        await tokenRequest(sim.url, credentials({ client_secret: `${client.client_secret}x` })),
        400,
        'invalid_client',
      );
      await expectOAuthError(await tokenRequest(sim.url, credentials({ client_secret: 'x' })), 400, 'invalid_client');
    });

    it('for a malformed Basic header or another scheme', async () => {
      for (const authorization of ['Basic !!!', `Basic ${Buffer.from('no-colon').toString('base64')}`, 'Bearer abc']) {
        await expectOAuthError(
          await tokenRequest(sim.url, { grant_type: 'client_credentials' }, { authorization }),
          400,
          'invalid_client',
        );
      }
    });

    it('for the credentials of a deleted client', async () => {
      const doomed = await registerClient(sim.url);
      expect((await fetch(`${sim.url}/admin/clients/${doomed.client_id}`, { method: 'DELETE' })).status).toBe(204);
      expect((await fetch(`${sim.url}/admin/clients/${doomed.client_id}`, { method: 'DELETE' })).status).toBe(404);
      await expectOAuthError(
        await tokenRequest(sim.url, credentials({ client_id: doomed.client_id, client_secret: doomed.client_secret })),
        400,
        'invalid_client',
      );
    });

    it('for credentials registered with a statement revoked afterwards', async () => {
      const statement = await mintStatement(sim.url);
      const first = await registerClient(sim.url, statement);
      const second = await registerClient(sim.url, statement);
      const other = await registerClient(sim.url);
      sim.simulator.revokeSoftwareStatement(statement.software_id);
      for (const revoked of [first, second]) {
        await expectOAuthError(
          await tokenRequest(
            sim.url,
            credentials({ client_id: revoked.client_id, client_secret: revoked.client_secret }),
          ),
          400,
          'invalid_client',
        );
      }
      // Other statements are unaffected.
      const fine = await tokenRequest(
        sim.url,
        credentials({ client_id: other.client_id, client_secret: other.client_secret }),
      );
      expect(fine.status).toBe(201);
    });
  });

  it('answers unsupported_grant_type for another grant', async () => {
    for (const grant of ['authorization_code', 'refresh_token', 'password', 'CLIENT_CREDENTIALS']) {
      await expectOAuthError(
        await tokenRequest(sim.url, credentials({ grant_type: grant })),
        400,
        'unsupported_grant_type',
      );
    }
  });

  describe('invalid_request', () => {
    it.each(['grant_type', 'client_id', 'client_secret'])('for a missing %s', async (name) => {
      const parameters: Record<string, string> = credentials();
      delete parameters[name];
      await expectOAuthError(await tokenRequest(sim.url, parameters), 400, 'invalid_request');
    });

    it('for an empty request', async () => {
      await expectOAuthError(await fetch(`${sim.url}/o/client/token`, { method: 'POST' }), 400, 'invalid_request');
    });

    it('for a repeated parameter (body twice, or query and body)', async () => {
      const twice = `${new URLSearchParams(credentials())}&client_id=${client.client_id}`;
      await expectOAuthError(
        await fetch(`${sim.url}/o/client/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: twice,
        }),
        400,
        'invalid_request',
      );
      await expectOAuthError(
        await fetch(`${sim.url}/o/client/token?client_id=${client.client_id}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(credentials()),
        }),
        400,
        'invalid_request',
      );
    });

    it('for HTTP Basic and body credentials together', async () => {
      const basic = Buffer.from(`${client.client_id}:${client.client_secret}`).toString('base64');
      await expectOAuthError(
        await tokenRequest(sim.url, credentials(), { authorization: `Basic ${basic}` }),
        400,
        'invalid_request',
      );
    });

    it('for a JSON body instead of a form', async () => {
      const response = await fetch(`${sim.url}/o/client/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(credentials()),
      });
      await expectOAuthError(response, 400, 'invalid_request');
    });

    it('for invalid percent-encoding and invalid UTF-8', async () => {
      for (const body of [
        'grant_type=client_credentials&client_id=%zz',
        'client_id=%C3%28&grant_type=client_credentials',
      ]) {
        await expectOAuthError(
          await fetch(`${sim.url}/o/client/token`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body,
          }),
          400,
          'invalid_request',
        );
      }
      await expectOAuthError(
        await fetch(`${sim.url}/o/client/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new Uint8Array([0x61, 0x3d, 0xff, 0xfe]),
        }),
        400,
        'invalid_request',
      );
    });

    it('for an invalid X-Device-Info', async () => {
      await expectOAuthError(
        await tokenRequest(sim.url, credentials(), { 'x-device-info': encodeDeviceInfo({ model: 'only' }) }),
        400,
        'invalid_request',
      );
    });
  });
});
