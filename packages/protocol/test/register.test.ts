import { describe, expect, it } from 'vitest';
import { ContractError, createDcrHttp, encodeDeviceInfo, ProtocolError } from '../src/index.ts';
import { registerRequestSchema } from '../src/schemas/registerRequestSchema.ts';
import { useCannedServer } from './support/cannedServer.ts';
import { DEVICE_INFO, html, json, rejectionOf } from './support/replies.ts';

const STATEMENT = 'eyJhbGciOiJSUzI1NiJ9.eyJzb2Z0d2FyZV9pZCI6ImFwcCJ9.c2lnbmF0dXJl';

const server = useCannedServer();

const registered = {
  client_id: 'cid-1',
  client_secret: 'csecret-1',
  client_id_issued_at: 1_700_000_000,
  redirect_uris: ['https://app.example/cb'],
  grant_types: ['client_credentials'],
  scopes: ['api:client:v2'],
};

describe('register request shape', () => {
  it('POSTs the documented JSON body and headers, with every configured header', async () => {
    server.reply(json(201, registered));
    const http = createDcrHttp({
      baseUrl: server.url,
      deviceInfo: DEVICE_INFO,
      userAgent: 'dcrflow-test/1.0',
      forwardedFor: '203.0.113.7',
      headers: { 'X-Request-Id': 'req-42' },
    });
    await http.register({
      softwareStatement: STATEMENT,
      redirectUri: 'https://app.example/cb',
      metadata: { client_name: 'Test App', contacts: ['ops@example.com'] },
    });

    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/o/client/register');
    expect(request?.headers['content-type']).toBe('application/json;charset=utf-8');
    expect(request?.headers.accept).toBe('application/json');
    expect(request?.headers['x-device-info']).toBe(encodeDeviceInfo(DEVICE_INFO));
    expect(request?.headers['user-agent']).toBe('dcrflow-test/1.0');
    expect(request?.headers['x-forwarded-for']).toBe('203.0.113.7');
    expect(request?.headers['x-request-id']).toBe('req-42');
    expect(request?.headers.authorization).toBeUndefined();
    expect(request?.headers.cookie).toBeUndefined();
    expect(request?.body).toBe(
      `{"software_statement":"${STATEMENT}","redirect_uri":"https://app.example/cb","client_name":"Test App","contacts":["ops@example.com"]}`,
    );
    expect(registerRequestSchema.safeParse(JSON.parse(request?.body ?? '')).success).toBe(true);
  });

  it('omits redirect_uri and the optional headers when they are not configured', async () => {
    server.reply(json(201, registered));
    await createDcrHttp({ baseUrl: server.url }).register({ softwareStatement: STATEMENT });
    const [request] = server.requests;
    expect(request?.body).toBe(`{"software_statement":"${STATEMENT}"}`);
    expect(request?.headers['x-device-info']).toBeUndefined();
    expect(request?.headers['x-forwarded-for']).toBeUndefined();
  });

  it('sends an already encoded X-Device-Info value unchanged', async () => {
    server.reply(json(201, registered));
    const encoded = encodeDeviceInfo({ ...DEVICE_INFO, model: 'Téléviseur 📺' });
    await createDcrHttp({ baseUrl: server.url, deviceInfo: encoded }).register({ softwareStatement: STATEMENT });
    expect(server.requests[0]?.headers['x-device-info']).toBe(encoded);
  });

  it('joins endpoints to a baseUrl that has a path, and honours custom endpoints', async () => {
    server.reply(json(201, registered));
    await createDcrHttp({ baseUrl: `${server.url}/proxy/dcr/` }).register({ softwareStatement: STATEMENT });
    await createDcrHttp({ baseUrl: server.url, endpoints: { register: '/oauth2/register' } }).register({
      softwareStatement: STATEMENT,
    });
    await createDcrHttp({
      baseUrl: 'https://unused.example',
      endpoints: { register: `${server.url}/absolute/register` },
    }).register({ softwareStatement: STATEMENT });
    expect(server.requests.map((request) => request.url)).toEqual([
      '/proxy/dcr/o/client/register',
      '/oauth2/register',
      '/absolute/register',
    ]);
  });
});

describe('register success variants', () => {
  it('maps a full 201 response, normalising client_id_issued_at from seconds to ms', async () => {
    server.reply(json(201, registered, { 'cache-control': 'no-store' }));
    const credentials = await createDcrHttp({ baseUrl: server.url }).register({ softwareStatement: STATEMENT });
    expect(credentials).toEqual({
      clientId: 'cid-1',
      clientSecret: 'csecret-1',
      issuedAt: 1_700_000_000_000,
      redirectUris: ['https://app.example/cb'],
      grantTypes: ['client_credentials'],
      scopes: ['api:client:v2'],
    });
  });

  it('accepts 200 as well as 201, and keeps client_id_issued_at already in ms', async () => {
    server.reply(json(200, { ...registered, client_id_issued_at: 1_700_000_000_123 }));
    const credentials = await createDcrHttp({ baseUrl: server.url }).register({ softwareStatement: STATEMENT });
    expect(credentials.issuedAt).toBe(1_700_000_000_123);
  });

  it('accepts a response without scopes (older servers) or with null optional fields', async () => {
    server.reply(json(201, { client_id: 'cid-2', client_secret: 'csecret-2', scopes: null, redirect_uris: null }));
    const credentials = await createDcrHttp({ baseUrl: server.url }).register({ softwareStatement: STATEMENT });
    expect(credentials).toEqual({
      clientId: 'cid-2',
      clientSecret: 'csecret-2',
      issuedAt: undefined,
      redirectUris: undefined,
      grantTypes: undefined,
      scopes: undefined,
    });
  });

  it('ignores unknown extra fields and accepts a +json content type', async () => {
    server.reply({
      status: 201,
      headers: { 'content-type': 'application/vnd.adobe.dcr+json' },
      body: JSON.stringify({ ...registered, software_id: 'app', client_name: 'x', nested: { a: [1] } }),
    });
    const credentials = await createDcrHttp({ baseUrl: server.url }).register({ softwareStatement: STATEMENT });
    expect(credentials.clientId).toBe('cid-1');
    expect(Object.keys(credentials).sort()).toEqual([
      'clientId',
      'clientSecret',
      'grantTypes',
      'issuedAt',
      'redirectUris',
      'scopes',
    ]);
  });
});

describe('register errors', () => {
  it.each(['invalid_request', 'invalid_redirect_uri', 'invalid_software_statement', 'unapproved_software_statement'])(
    'maps 400 %s to a ProtocolError carrying the code',
    async (code) => {
      server.reply(json(400, { error: code }));
      const error = await rejectionOf(
        createDcrHttp({ baseUrl: server.url }).register({ softwareStatement: STATEMENT }),
      );
      expect(error).toBeInstanceOf(ProtocolError);
      expect(error).toMatchObject({
        name: 'ProtocolError',
        code: 'protocol',
        message: `Register request failed: the server answered 400 ${code}.`,
        status: 400,
        error: code,
        description: undefined,
        action: undefined,
        endpoint: 'register',
      });
    },
  );

  it('keeps an error_description when one is sent', async () => {
    server.reply(json(400, { error: 'invalid_redirect_uri', error_description: 'The redirect URI is not allowed.' }));
    const error = await rejectionOf(createDcrHttp({ baseUrl: server.url }).register({ softwareStatement: STATEMENT }));
    expect(error).toMatchObject({ error: 'invalid_redirect_uri', description: 'The redirect URI is not allowed.' });
  });

  it.each([
    [
      'null',
      'null',
      'Register response did not match the expected shape: (root): expected an object, got null.',
      ['(root): expected an object, got null'],
    ],
    [
      '[]',
      '[]',
      'Register response did not match the expected shape: (root): expected an object, got an array.',
      ['(root): expected an object, got an array'],
    ],
    [
      'an empty object',
      '{}',
      'Register response did not match the expected shape: client_id: expected a string but the field is missing; client_secret: expected a string but the field is missing.',
      [
        'client_id: expected a string but the field is missing',
        'client_secret: expected a string but the field is missing',
      ],
    ],
    [
      'wrong types',
      JSON.stringify({ client_id: 42, client_secret: '', scopes: 'api:client:v2', grant_types: [1] }),
      'Register response did not match the expected shape: client_id: expected a string, got a number; client_secret: expected a non-empty string; grant_types[0]: expected a string, got a number; and 1 more.',
      [
        'client_id: expected a string, got a number',
        'client_secret: expected a non-empty string',
        'grant_types[0]: expected a string, got a number',
        'scopes: expected an array, got a string',
      ],
    ],
    [
      'a negative client_id_issued_at',
      JSON.stringify({ client_id: 'a', client_secret: 'b', client_id_issued_at: -1 }),
      'Register response did not match the expected shape: client_id_issued_at: expected a non-negative number.',
      ['client_id_issued_at: expected a non-negative number'],
    ],
  ])('rejects a 201 body that is %s with a ContractError', async (_name, body, message, issues) => {
    server.reply(json(201, body));
    const error = await rejectionOf(createDcrHttp({ baseUrl: server.url }).register({ softwareStatement: STATEMENT }));
    expect(error).toBeInstanceOf(ContractError);
    expect(error).toMatchObject({ code: 'contract', message, issues, status: 201, endpoint: 'register' });
  });

  it('rejects an HTML 200 page with a ContractError naming the content type', async () => {
    server.reply(html(200));
    const error = await rejectionOf(createDcrHttp({ baseUrl: server.url }).register({ softwareStatement: STATEMENT }));
    expect(error).toMatchObject({
      name: 'ContractError',
      message: 'Register response was not JSON: the server answered 200 with content type text/html.',
      issues: ['content-type: expected application/json, got text/html'],
      status: 200,
    });
  });
});
