import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../src/node/index.ts';
import {
  configurationRequest,
  DEVICE_INFO,
  decodeJwt,
  encodeDeviceInfo,
  expectEnhancedError,
  expectOAuthError,
  getToken,
  json,
  registerClient,
  registerRequest,
  start,
  tokenRequest,
} from './helpers.ts';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await start({ tokenTtlSeconds: 600 });
});
afterAll(() => sim.close());

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('GET /api/v2/{serviceProvider}/configuration', () => {
  it('answers 200 with a configuration for a valid bearer token', async () => {
    const token = await getToken(sim.url, await registerClient(sim.url));
    const response = await configurationRequest(sim.url, {
      ...bearer(token),
      'x-device-info': DEVICE_INFO,
      'ap-device-identifier': `fingerprint ${Buffer.from('device-1').toString('base64')}`,
    });
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body.serviceProvider).toBe('REF30');
    expect(Array.isArray(body.mvpds)).toBe(true);
  });

  it('accepts a lower-case bearer scheme (RFC 7235 §2.1: schemes are case-insensitive)', async () => {
    const token = await getToken(sim.url, await registerClient(sim.url));
    expect((await configurationRequest(sim.url, { authorization: `bearer ${token}` })).status).toBe(200);
  });

  describe('401 invalid_access_token_signature (action retry)', () => {
    it.each([
      ['no Authorization header', {}],
      ['a Basic scheme', { authorization: 'Basic abc' }],
      ['garbage', bearer('garbage')],
      ['an empty token', { authorization: 'Bearer ' }],
    ])('for %s', async (_label, headers) => {
      const response = await configurationRequest(sim.url, headers);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      await expectEnhancedError(response, 401, 'invalid_access_token_signature', 'retry');
    });

    it('for a token with a bad signature or signed by another key', async () => {
      const token = await getToken(sim.url, await registerClient(sim.url));
      const [header, payload, signature = ''] = token.split('.');
      const flipped = `${header}.${payload}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
      await expectEnhancedError(
        await configurationRequest(sim.url, bearer(flipped)),
        401,
        'invalid_access_token_signature',
        'retry',
      );
      const forged = await new SignJWT(decodeJwt(token).payload)
        .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
        .sign(new TextEncoder().encode('a-shared-secret-of-at-least-32-bytes!'));
      await expectEnhancedError(
        await configurationRequest(sim.url, bearer(forged)),
        401,
        'invalid_access_token_signature',
        'retry',
      );
    });

    it('for a software statement presented as an access token', async () => {
      const { software_statement } = await sim.simulator.mintSoftwareStatement();
      await expectEnhancedError(
        await configurationRequest(sim.url, bearer(software_statement)),
        401,
        'invalid_access_token_signature',
        'retry',
      );
    });
  });

  it('answers 401 access_token_expired (action retry) once the simulated clock passes exp', async () => {
    const client = await registerClient(sim.url);
    const token = await getToken(sim.url, client);
    const advance = await fetch(`${sim.url}/admin/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceSeconds: 599 }),
    });
    expect(advance.status).toBe(200);
    const { now } = await json(advance);
    expect(typeof now).toBe('number');
    expect(Number(now) - Date.now()).toBeGreaterThan(598_000);
    expect((await configurationRequest(sim.url, bearer(token))).status).toBe(200);
    sim.simulator.advanceClock(2);
    await expectEnhancedError(await configurationRequest(sim.url, bearer(token)), 401, 'access_token_expired', 'retry');
    // A new token from the same credentials works again: expiry never requires re-registration.
    expect((await configurationRequest(sim.url, bearer(await getToken(sim.url, client)))).status).toBe(200);
  });

  it('issues tokens on the simulated clock after an advance', async () => {
    const client = await registerClient(sim.url);
    sim.simulator.advanceClock(10_000);
    const response = await tokenRequest(sim.url, {
      grant_type: 'client_credentials',
      client_id: client.client_id,
      client_secret: client.client_secret,
    });
    const body = await json(response);
    expect(Number(body.created_at)).toBeGreaterThan(Date.now() + 9_000_000);
    expect((await configurationRequest(sim.url, bearer(String(body.access_token)))).status).toBe(200);
  });

  it('answers 401 invalid_access_token_client_application (application-registration) for a deleted client', async () => {
    const client = await registerClient(sim.url);
    const token = await getToken(sim.url, client);
    expect(sim.simulator.deleteClient(client.client_id)).toBe(true);
    expect(sim.simulator.deleteClient(client.client_id)).toBe(false);
    await expectEnhancedError(
      await configurationRequest(sim.url, bearer(token)),
      401,
      'invalid_access_token_client_application',
      'application-registration',
    );
  });

  it('answers 401 invalid_access_token_client_application for a token of a revoked statement', async () => {
    const client = await registerClient(sim.url);
    const token = await getToken(sim.url, client);
    sim.simulator.revokeSoftwareStatement(client.software_id);
    await expectEnhancedError(
      await configurationRequest(sim.url, bearer(token)),
      401,
      'invalid_access_token_client_application',
      'application-registration',
    );
  });

  it('answers 400 invalid_header_device_info for a bad X-Device-Info', async () => {
    const token = await getToken(sim.url, await registerClient(sim.url));
    for (const header of ['***', encodeDeviceInfo({ model: 'x' }), encodeDeviceInfo('string')]) {
      await expectEnhancedError(
        await configurationRequest(sim.url, { ...bearer(token), 'x-device-info': header }),
        400,
        'invalid_header_device_info',
        'none',
      );
    }
  });

  it('answers 400 invalid_header_device_identifier for a malformed AP-Device-Identifier', async () => {
    const token = await getToken(sim.url, await registerClient(sim.url));
    await expectEnhancedError(
      await configurationRequest(sim.url, { ...bearer(token), 'ap-device-identifier': 'device-1' }),
      400,
      'invalid_header_device_identifier',
      'none',
    );
  });
});

describe('revocation end to end', () => {
  it('register → unapproved_software_statement and existing credentials → invalid_client', async () => {
    const client = await registerClient(sim.url);
    expect((await tokenRequest(sim.url, { grant_type: 'client_credentials', ...pick(client) })).status).toBe(201);
    const revoke = await fetch(`${sim.url}/admin/software-statements/${client.software_id}/revoke`, { method: 'POST' });
    expect(revoke.status).toBe(204);
    await expectOAuthError(
      await registerRequest(sim.url, { software_statement: client.software_statement }),
      400,
      'unapproved_software_statement',
    );
    await expectOAuthError(
      await tokenRequest(sim.url, { grant_type: 'client_credentials', ...pick(client) }),
      400,
      'invalid_client',
    );
    // A statement for another software_id still works: the way out of "revoked" is a new statement.
    const fresh = await registerClient(sim.url);
    expect((await tokenRequest(sim.url, { grant_type: 'client_credentials', ...pick(fresh) })).status).toBe(201);
  });
});

function pick(client: { client_id: string; client_secret: string }) {
  return { client_id: client.client_id, client_secret: client.client_secret };
}
