import { describe, expect, it } from 'vitest';
import { ContractError, createDcrHttp, isRetryable, ProtocolError, ServerError, ThrottledError } from '../src/index.ts';
import { tokenRequestSchema } from '../src/schemas/tokenRequestSchema.ts';
import { useCannedServer } from './support/cannedServer.ts';
import { DEVICE_INFO, html, json, rejectionOf } from './support/replies.ts';

const CREDENTIALS = { clientId: 'client:id 1', clientSecret: 's3cr3t+/= &é' };

const server = useCannedServer();

const granted = {
  id: '5f0c1a55-59b7-4b4b-8a8e-3c0e6f1f7b2a',
  access_token: 'eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJhdXRoLmFkb2JlLmNvbSJ9.c2ln',
  token_type: 'bearer',
  expires_in: 86_400,
  created_at: 1_700_000_000_123,
};

function http(extra: Partial<Parameters<typeof createDcrHttp>[0]> = {}) {
  return createDcrHttp({ baseUrl: server.url, ...extra });
}

describe('token request shape', () => {
  it('client_secret_post (default): id, secret and grant_type in the form body, nothing in the query', async () => {
    server.reply(json(201, granted));
    await http({ deviceInfo: DEVICE_INFO, userAgent: 'dcrflow-test/1.0', forwardedFor: '198.51.100.4' }).requestToken(
      CREDENTIALS,
    );
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/o/client/token');
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request?.headers.accept).toBe('application/json');
    expect(request?.headers.authorization).toBeUndefined();
    expect(request?.headers['user-agent']).toBe('dcrflow-test/1.0');
    expect(request?.headers['x-forwarded-for']).toBe('198.51.100.4');
    expect(request?.headers['x-device-info']).toBeTypeOf('string');
    expect(request?.body).toBe(
      'client_id=client%3Aid+1&client_secret=s3cr3t%2B%2F%3D+%26%C3%A9&grant_type=client_credentials',
    );
    const fields = Object.fromEntries(new URLSearchParams(request?.body));
    expect(fields).toEqual({
      client_id: CREDENTIALS.clientId,
      client_secret: CREDENTIALS.clientSecret,
      grant_type: 'client_credentials',
    });
    expect(tokenRequestSchema.safeParse(fields).success).toBe(true);
  });

  it('client_secret_basic: form-encoded id and secret in HTTP Basic, only grant_type in the body', async () => {
    server.reply(json(201, granted));
    await http({ tokenAuthMethod: 'client_secret_basic' }).requestToken(CREDENTIALS);
    const [request] = server.requests;
    expect(request?.url).toBe('/o/client/token');
    expect(request?.body).toBe('grant_type=client_credentials');
    const authorization = request?.headers.authorization ?? '';
    expect(authorization).toBe(`Basic ${btoa('client%3Aid+1:s3cr3t%2B%2F%3D+%26%C3%A9')}`);
    // RFC 6749 §2.3.1: the server form-decodes each half after splitting on the first colon.
    const decoded = atob(authorization.slice('Basic '.length));
    const colon = decoded.indexOf(':');
    const decode = (value: string) => new URLSearchParams(`v=${value}`).get('v');
    expect(decode(decoded.slice(0, colon))).toBe(CREDENTIALS.clientId);
    expect(decode(decoded.slice(colon + 1))).toBe(CREDENTIALS.clientSecret);
  });

  it('honours a custom token endpoint', async () => {
    server.reply(json(201, granted));
    await http({ endpoints: { token: '/oauth2/token' } }).requestToken(CREDENTIALS);
    expect(server.requests[0]?.url).toBe('/oauth2/token');
  });
});

describe('token success variants', () => {
  it('maps a 201 response with created_at in ms', async () => {
    server.reply(json(201, granted));
    expect(await http().requestToken(CREDENTIALS)).toEqual({
      accessToken: granted.access_token,
      tokenType: 'bearer',
      expiresIn: 86_400,
      createdAt: 1_700_000_000_123,
      id: granted.id,
    });
  });

  it('accepts 200 (older docs) and normalises created_at from seconds to ms', async () => {
    server.reply(json(200, { ...granted, created_at: 1_700_000_000 }));
    const grant = await http().requestToken(CREDENTIALS);
    expect(grant.createdAt).toBe(1_700_000_000_000);
  });

  it('accepts a response without created_at and id', async () => {
    server.reply(json(201, { access_token: 'opaque', token_type: 'bearer', expires_in: 3600 }));
    expect(await http().requestToken(CREDENTIALS)).toEqual({
      accessToken: 'opaque',
      tokenType: 'bearer',
      expiresIn: 3600,
      createdAt: undefined,
      id: undefined,
    });
  });

  it('ignores refresh_token (whatever its type) and other extra fields, and keeps token_type as sent', async () => {
    server.reply(json(201, { ...granted, token_type: 'Bearer', refresh_token: 12, scopes: ['api:client:v2'] }));
    const grant = await http().requestToken(CREDENTIALS);
    expect(grant.tokenType).toBe('Bearer');
    expect(Object.keys(grant).sort()).toEqual(['accessToken', 'createdAt', 'expiresIn', 'id', 'tokenType']);
  });
});

describe('token error mapping', () => {
  it.each([
    [400, 'invalid_request'],
    [400, 'invalid_client'],
    [400, 'unauthorized_client'],
    [400, 'unsupported_grant_type'],
    [401, 'access_denied'],
    [401, 'invalid_client'],
    [403, 'invalid_client'],
  ])('maps %i %s to a ProtocolError carrying the code', async (status, code) => {
    server.reply(json(status, { error: code }));
    const error = await rejectionOf(http().requestToken(CREDENTIALS));
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error).toMatchObject({
      code: 'protocol',
      message: `Token request failed: the server answered ${status} ${code}.`,
      status,
      error: code,
      endpoint: 'token',
    });
    expect(isRetryable(error)).toBe(false);
  });

  it('recognises an OAuth error body even when the content type is not JSON', async () => {
    server.reply({ status: 400, headers: { 'content-type': 'text/plain' }, body: '{"error":"invalid_client"}' });
    const error = await rejectionOf(http().requestToken(CREDENTIALS));
    expect(error).toMatchObject({ name: 'ProtocolError', error: 'invalid_client' });
  });

  it('maps a top-level enhanced error body to a ProtocolError with action and description', async () => {
    server.reply(
      json(401, {
        action: 'application-registration',
        status: 401,
        code: 'invalid_access_token_client_application',
        message: 'The access token is invalid for this client application.',
        helpUrl: 'https://experienceleague.adobe.com/',
        trace: 'e5a7b7c0',
      }),
    );
    const error = await rejectionOf(http().requestToken(CREDENTIALS));
    expect(error).toMatchObject({
      name: 'ProtocolError',
      message: 'Token request failed: the server answered 401 invalid_access_token_client_application.',
      status: 401,
      error: 'invalid_access_token_client_application',
      description: 'The access token is invalid for this client application.',
      action: 'application-registration',
    });
  });

  it('maps an enhanced error wrapped in "error" and an item-level one', async () => {
    server.reply(json(403, { error: { code: 'invalid_client_id', action: 'application-registration' } }));
    expect(await rejectionOf(http().requestToken(CREDENTIALS))).toMatchObject({
      message: 'Token request failed: the server answered 403 invalid_client_id.',
      action: 'application-registration',
    });
    server.reply(
      json(400, { items: [{ id: 1 }, { id: 2, error: { code: 'invalid_header_device_info', status: 400 } }] }),
    );
    expect(await rejectionOf(http().requestToken(CREDENTIALS))).toMatchObject({
      message: 'Token request failed: the server answered 400 invalid_header_device_info.',
      error: 'invalid_header_device_info',
    });
  });

  it('maps a 429 HTML page without Retry-After to a ThrottledError', async () => {
    server.reply(html(429));
    const error = await rejectionOf(http().requestToken(CREDENTIALS));
    expect(error).toBeInstanceOf(ThrottledError);
    expect(error).toMatchObject({
      code: 'throttled',
      message: 'Token request was throttled: the server answered 429 without Retry-After.',
      status: 429,
      retryAfterSeconds: undefined,
      endpoint: 'token',
    });
    expect(isRetryable(error)).toBe(true);
  });

  it('honours Retry-After on a 429, in delta-seconds and as an HTTP-date', async () => {
    server.reply(html(429, { 'retry-after': '7' }));
    expect(await rejectionOf(http().requestToken(CREDENTIALS))).toMatchObject({
      message: 'Token request was throttled: the server answered 429 and asked to wait 7 seconds.',
      retryAfterSeconds: 7,
    });
    server.reply(html(429, { 'retry-after': '1' }));
    expect(await rejectionOf(http().requestToken(CREDENTIALS))).toMatchObject({
      message: 'Token request was throttled: the server answered 429 and asked to wait 1 second.',
    });
    server.reply(html(429, { 'retry-after': new Date(Date.now() + 120_000).toUTCString() }));
    const error = (await rejectionOf(http().requestToken(CREDENTIALS))) as ThrottledError;
    expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(118);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(120);
  });

  it('maps a 429 with a JSON enhanced error body to a ThrottledError too', async () => {
    server.reply(json(429, { code: 'too_many_requests', action: 'retry-after', status: 429 }, { 'retry-after': '3' }));
    expect(await rejectionOf(http().requestToken(CREDENTIALS))).toMatchObject({
      name: 'ThrottledError',
      retryAfterSeconds: 3,
    });
  });

  it.each([500, 502, 503, 504])('maps an HTML %i page to a retryable ServerError', async (status) => {
    server.reply(html(status));
    const error = await rejectionOf(http().requestToken(CREDENTIALS));
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({
      code: 'server',
      message: `Token request failed: the server answered ${status} without a recognisable error body.`,
      status,
      retryAfterSeconds: undefined,
      endpoint: 'token',
    });
    expect(isRetryable(error)).toBe(true);
  });

  it('keeps Retry-After on a 503 and treats an empty 5xx body as no error body', async () => {
    server.reply({ status: 503, headers: { 'retry-after': '30' } });
    expect(await rejectionOf(http().requestToken(CREDENTIALS))).toMatchObject({
      name: 'ServerError',
      status: 503,
      retryAfterSeconds: 30,
    });
  });

  it('maps a 404 HTML page to a ServerError that is not retryable', async () => {
    server.reply(html(404));
    const error = await rejectionOf(http().requestToken(CREDENTIALS));
    expect(error).toMatchObject({ name: 'ServerError', status: 404 });
    expect(isRetryable(error)).toBe(false);
  });

  it('maps a 502 with an OAuth error body to a retryable ProtocolError', async () => {
    server.reply(json(502, { error: 'temporarily_unavailable' }));
    const error = await rejectionOf(http().requestToken(CREDENTIALS));
    expect(error).toMatchObject({ name: 'ProtocolError', status: 502, error: 'temporarily_unavailable' });
    expect(isRetryable(error)).toBe(true);
  });

  it('maps a 500 with truncated JSON to a retryable ContractError', async () => {
    server.reply(json(500, '{"error":"server_er'));
    const error = await rejectionOf(http().requestToken(CREDENTIALS));
    expect(error).toBeInstanceOf(ContractError);
    expect(error).toMatchObject({
      message: 'Token request failed: the server answered 500 with a JSON body that could not be parsed.',
      issues: ['body: expected valid JSON'],
      status: 500,
    });
    expect(isRetryable(error)).toBe(true);
  });

  it('maps a 400 JSON body that is no error body to a ContractError that is not retryable', async () => {
    server.reply(json(400, { message: 'bad' }));
    const error = await rejectionOf(http().requestToken(CREDENTIALS));
    expect(error).toMatchObject({
      name: 'ContractError',
      message:
        'Token request failed: the server answered 400 with a JSON body that is neither an OAuth error nor an enhanced error (error: expected a string but the field is missing).',
      issues: ['error: expected a string but the field is missing'],
      status: 400,
    });
    expect(isRetryable(error)).toBe(false);
    server.reply(json(401, 'null'));
    expect(await rejectionOf(http().requestToken(CREDENTIALS))).toMatchObject({
      message:
        'Token request failed: the server answered 401 with a JSON body that is neither an OAuth error nor an enhanced error ((root): expected an object, got null).',
    });
    server.reply(json(400, { error: 42 }));
    expect(await rejectionOf(http().requestToken(CREDENTIALS))).toMatchObject({
      issues: ['error: expected a string, got a number'],
    });
  });

  it('does not follow redirects: a 302 is a ServerError and the target is never requested', async () => {
    server.reply({ status: 302, headers: { location: `${server.url}/elsewhere` } });
    const error = await rejectionOf(http().requestToken(CREDENTIALS));
    expect(error).toMatchObject({ name: 'ServerError', status: 302 });
    expect(server.requests.map((request) => request.url)).toEqual(['/o/client/token']);
  });
});

describe('token contract errors on 2xx', () => {
  it.each([
    [
      'null',
      'null',
      'Token response did not match the expected shape: (root): expected an object, got null.',
      ['(root): expected an object, got null'],
    ],
    [
      '[]',
      '[]',
      'Token response did not match the expected shape: (root): expected an object, got an array.',
      ['(root): expected an object, got an array'],
    ],
    [
      'missing every field',
      '{}',
      'Token response did not match the expected shape: access_token: expected a string but the field is missing; token_type: expected a string but the field is missing; expires_in: expected a number but the field is missing.',
      [
        'access_token: expected a string but the field is missing',
        'token_type: expected a string but the field is missing',
        'expires_in: expected a number but the field is missing',
      ],
    ],
    [
      'wrong types',
      JSON.stringify({ access_token: 5, token_type: 'bearer', expires_in: '3600', created_at: 'now', id: 7 }),
      'Token response did not match the expected shape: access_token: expected a string, got a number; expires_in: expected a number, got a string; created_at: expected a number, got a string; and 1 more.',
      [
        'access_token: expected a string, got a number',
        'expires_in: expected a number, got a string',
        'created_at: expected a number, got a string',
        'id: expected a string, got a number',
      ],
    ],
    [
      'an empty token and a zero lifetime',
      JSON.stringify({ access_token: '', token_type: 'bearer', expires_in: 0 }),
      'Token response did not match the expected shape: access_token: expected a non-empty string; expires_in: expected a positive number.',
      ['access_token: expected a non-empty string', 'expires_in: expected a positive number'],
    ],
  ])('rejects a body that is %s', async (_name, body, message, issues) => {
    server.reply(json(201, body));
    const error = await rejectionOf(http().requestToken(CREDENTIALS));
    expect(error).toBeInstanceOf(ContractError);
    expect(error).toMatchObject({ code: 'contract', message, issues, status: 201, endpoint: 'token' });
    expect(isRetryable(error)).toBe(true);
  });

  it.each([
    [
      'truncated JSON',
      json(201, '{"access_token":"abc","token_ty'),
      'Token response was not valid JSON: the server answered 201 with a body that could not be parsed.',
      ['body: expected valid JSON'],
    ],
    [
      'an HTML 200 page',
      html(200),
      'Token response was not JSON: the server answered 200 with content type text/html.',
      ['content-type: expected application/json, got text/html'],
    ],
    [
      'no content type',
      { status: 201, body: JSON.stringify(granted) },
      'Token response was not JSON: the server answered 201 with no content type.',
      ['content-type: expected application/json but the header is missing'],
    ],
    [
      'an empty body',
      json(201, ''),
      'Token response was empty: the server answered 201 with no body.',
      ['body: expected a JSON object but the body is empty'],
    ],
    [
      'a body over 1 MiB',
      json(201, `{"access_token":"${'a'.repeat(1_100_000)}"}`),
      'Token response was too large: the server answered 201 with more than 1048576 bytes.',
      ['body: expected at most 1048576 bytes'],
    ],
  ] as const)('rejects %s', async (_name, reply, message, issues) => {
    server.reply(reply);
    const error = await rejectionOf(http().requestToken(CREDENTIALS));
    expect(error).toMatchObject({ name: 'ContractError', message, issues: [...issues] });
  });
});
