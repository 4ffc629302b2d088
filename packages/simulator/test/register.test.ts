import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../src/node/index.ts';
import {
  DEVICE_INFO,
  decodeJwt,
  encodeDeviceInfo,
  expectOAuthError,
  json,
  mintStatement,
  registerRequest,
  responseSchema,
  start,
  validateSchema,
} from './helpers.ts';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await start();
});
afterAll(() => sim.close());

describe('POST /o/client/register', () => {
  it('answers 201 with every documented field, valid against the OpenAPI ClientApplication schema', async () => {
    const minted = await mintStatement(sim.url, { client_name: 'Living room TV' });
    const before = Math.floor(sim.simulator.now() / 1000);
    const response = await registerRequest(sim.url, {
      software_statement: minted.software_statement,
      redirect_uri: 'https://app.example/callback',
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = await json(response);
    expect(validateSchema(responseSchema('/client/register', 'post', '201'), body)).toEqual([]);
    expect(Object.keys(body).sort()).toEqual(
      ['client_id', 'client_id_issued_at', 'client_secret', 'grant_types', 'redirect_uris', 'scopes'].sort(),
    );
    expect(body.client_id).toEqual(expect.any(String));
    expect(body.client_secret).toEqual(expect.any(String));
    expect(body.client_secret).not.toBe(body.client_id);
    expect(body.client_id_issued_at).toBeGreaterThanOrEqual(before);
    expect(body.client_id_issued_at).toBeLessThan(before + 5); // epoch seconds, not ms
    expect(body.redirect_uris).toEqual(['https://app.example/callback']);
    expect(body.grant_types).toEqual(['client_credentials']);
    expect(body.scopes).toEqual(['api:client:v2']);
  });

  it('the schema check can fail: a wrong shape is reported', () => {
    const schema = responseSchema('/client/register', 'post', '201');
    expect(validateSchema(schema, { client_id: 1, redirect_uris: 'x', client_id_issued_at: 1.5 })).toEqual([
      '$.client_id: expected a string',
      '$.client_id_issued_at: expected an integer',
      '$.redirect_uris: expected an array',
    ]);
  });

  it('creates a new client on every registration, even with the same statement', async () => {
    const minted = await mintStatement(sim.url);
    const first = await json(await registerRequest(sim.url, { software_statement: minted.software_statement }));
    const second = await json(await registerRequest(sim.url, { software_statement: minted.software_statement }));
    expect(first.client_id).not.toBe(second.client_id);
    expect(first.client_secret).not.toBe(second.client_secret);
    expect(first.redirect_uris).toEqual([]);
    expect(sim.simulator.stats().registrations.bySoftwareId[minted.software_id]).toBe(2);
  });

  it('accepts a missing X-Device-Info (browsers may omit it) and unknown extra RFC 7591 fields', async () => {
    const minted = await mintStatement(sim.url);
    const response = await fetch(`${sim.url}/o/client/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ software_statement: minted.software_statement, client_name: 'extra', contacts: ['a@b'] }),
    });
    expect(response.status).toBe(201);
  });

  it('accepts custom-scheme redirect URIs used by native apps', async () => {
    const minted = await mintStatement(sim.url);
    const response = await registerRequest(sim.url, {
      software_statement: minted.software_statement,
      redirect_uri: 'adobepass://android.app',
    });
    expect((await json(response)).redirect_uris).toEqual(['adobepass://android.app']);
  });

  it('mints statements in the shape of Adobe samples, RS256 with the simulator key', async () => {
    const minted = await mintStatement(sim.url, { software_id: 'my-app', client_name: 'My App' });
    expect(minted.software_id).toBe('my-app');
    const { header, payload } = decodeJwt(minted.software_statement);
    expect(header).toMatchObject({ alg: 'RS256', typ: 'JWT', kid: expect.any(String) });
    expect(payload).toMatchObject({
      iss: 'auth.adobe.com',
      sub: 'my-app',
      software_id: 'my-app',
      software_version: expect.any(String),
      client_name: 'My App',
      iat: expect.any(Number),
      jti: expect.any(String),
    });
    const jwks = await json(await fetch(`${sim.url}/admin/jwks`));
    expect(jwks.keys).toEqual([expect.objectContaining({ kty: 'RSA', alg: 'RS256', kid: header.kid })]);
  });

  describe('invalid_software_statement', () => {
    async function expectInvalid(statement: unknown) {
      await expectOAuthError(
        await registerRequest(sim.url, { software_statement: statement }),
        400,
        'invalid_software_statement',
      );
    }

    it('refuses a tampered statement', async () => {
      const { software_statement } = await mintStatement(sim.url);
      const [header, payload, signature] = software_statement.split('.');
      const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8'));
      const forged = Buffer.from(JSON.stringify({ ...claims, software_id: 'someone-else' })).toString('base64url');
      await expectInvalid(`${header}.${forged}.${signature}`);
      const flipped = `${signature?.startsWith('A') ? 'B' : 'A'}${signature?.slice(1)}`;
      await expectInvalid(`${header}.${payload}.${flipped}`);
    });

    it('refuses a statement signed by an unknown key', async () => {
      const other = await start();
      try {
        const { software_statement } = await mintStatement(other.url);
        await expectInvalid(software_statement);
      } finally {
        await other.close();
      }
    });

    it('refuses garbage, non-strings and empty JWT parts', async () => {
      await expectInvalid('not-a-jwt');
      await expectInvalid('a.b.c');
      await expectInvalid('..');
      await expectInvalid(42);
      await expectInvalid({ jwt: true });
    });

    it('refuses alg none and HS256', async () => {
      const claims = { iss: 'auth.adobe.com', sub: 'x', software_id: 'x', iat: 1 };
      const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(
        JSON.stringify(claims),
      ).toString('base64url')}.`;
      await expectInvalid(none);
      const hs256 = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .sign(new TextEncoder().encode('a-shared-secret-of-at-least-32-bytes!'));
      await expectInvalid(hs256);
    });

    it('refuses an access token presented as a statement', async () => {
      const minted = await mintStatement(sim.url);
      const registered = await json(await registerRequest(sim.url, { software_statement: minted.software_statement }));
      const token = await fetch(`${sim.url}/o/client/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: String(registered.client_id),
          client_secret: String(registered.client_secret),
        }),
      });
      await expectInvalid((await json(token)).access_token);
    });
  });

  it('answers unapproved_software_statement for a revoked statement', async () => {
    const minted = await mintStatement(sim.url);
    const revoke = await fetch(`${sim.url}/admin/software-statements/${minted.software_id}/revoke`, { method: 'POST' });
    expect(revoke.status).toBe(204);
    await expectOAuthError(
      await registerRequest(sim.url, { software_statement: minted.software_statement }),
      400,
      'unapproved_software_statement',
    );
  });

  it.each([
    'not a uri',
    '/relative/path',
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    'data:text/html,hi',
    'https://app.example/cb#fragment',
    'https://app.example/ cb',
    'http://',
    '',
  ])('answers invalid_redirect_uri for %j', async (redirectUri) => {
    const minted = await mintStatement(sim.url);
    await expectOAuthError(
      await registerRequest(sim.url, { software_statement: minted.software_statement, redirect_uri: redirectUri }),
      400,
      'invalid_redirect_uri',
    );
  });

  it('answers invalid_redirect_uri for a non-string redirect_uri', async () => {
    const minted = await mintStatement(sim.url);
    await expectOAuthError(
      await registerRequest(sim.url, { software_statement: minted.software_statement, redirect_uri: 7 }),
      400,
      'invalid_redirect_uri',
    );
  });

  describe('invalid_request', () => {
    it('for a missing or empty software_statement', async () => {
      await expectOAuthError(await registerRequest(sim.url, {}), 400, 'invalid_request');
      await expectOAuthError(await registerRequest(sim.url, { software_statement: '' }), 400, 'invalid_request');
    });

    it('for malformed JSON, a non-object body, an empty body', async () => {
      await expectOAuthError(await registerRequest(sim.url, '{"software_statement":'), 400, 'invalid_request');
      await expectOAuthError(await registerRequest(sim.url, '["x"]'), 400, 'invalid_request');
      await expectOAuthError(await registerRequest(sim.url, 'null'), 400, 'invalid_request');
      await expectOAuthError(await registerRequest(sim.url, ''), 400, 'invalid_request');
    });

    it('for a wrong or missing content type', async () => {
      const minted = await mintStatement(sim.url);
      const body = { software_statement: minted.software_statement };
      await expectOAuthError(
        await registerRequest(sim.url, body, { 'content-type': 'application/x-www-form-urlencoded' }),
        400,
        'invalid_request',
      );
      await expectOAuthError(
        await registerRequest(sim.url, body, { 'content-type': 'application/json; charset=iso-8859-1' }),
        400,
        'invalid_request',
      );
      const noType = await fetch(`${sim.url}/o/client/register`, {
        method: 'POST',
        body: new Blob([JSON.stringify(body)]),
      });
      await expectOAuthError(noType, 400, 'invalid_request');
    });

    it.each([
      ['not base64', '%%%'],
      ['base64url alphabet', Buffer.from('{"model":"a>>?"}').toString('base64url')],
      ['not JSON', Buffer.from('hello').toString('base64')],
      ['not an object', encodeDeviceInfo(['model'])],
      ['invalid UTF-8', Buffer.from([0xff, 0xfe, 0x7b]).toString('base64')],
      ['a missing required key', encodeDeviceInfo({ model: 'm', version: '1', osName: 'Linux', osVersion: '6' })],
      [
        'a restricted value violated',
        encodeDeviceInfo({ model: 'm', version: '1', osName: 'Plan 9', osVersion: '4', connectionType: 'LAN' }),
      ],
      [
        'a bad primaryHardwareType',
        encodeDeviceInfo({
          model: 'm',
          version: '1',
          osName: 'Linux',
          osVersion: '6',
          connectionType: 'LAN',
          primaryHardwareType: 'Toaster',
        }),
      ],
    ])('for an X-Device-Info with %s', async (_label, header) => {
      const minted = await mintStatement(sim.url);
      await expectOAuthError(
        await registerRequest(sim.url, { software_statement: minted.software_statement }, { 'x-device-info': header }),
        400,
        'invalid_request',
      );
    });
  });

  it('the default DEVICE_INFO used by these tests is itself valid', async () => {
    const minted = await mintStatement(sim.url);
    const response = await registerRequest(
      sim.url,
      { software_statement: minted.software_statement },
      { 'x-device-info': DEVICE_INFO },
    );
    expect(response.status).toBe(201);
  });
});
