import { describe, expect, it } from 'vitest';
import { enhancedErrorSchema, readEnhancedError } from '../src/index.ts';

const jsonResponse = (status: number, body: unknown, contentType = 'application/json') =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: { 'content-type': contentType },
  });

const ENHANCED = {
  action: 'application-registration',
  status: 401,
  code: 'invalid_access_token_client_application',
  message: 'The access token is invalid for this client application.',
  details: 'Register the application again.',
  helpUrl: 'https://experienceleague.adobe.com/',
  trace: '8bcb17f9-b172-47d2-86d9-3eb146eba85e',
};

describe('readEnhancedError', () => {
  it('reads a top-level enhanced error and leaves the body readable for the caller', async () => {
    const response = jsonResponse(401, ENHANCED);
    expect(await readEnhancedError(response)).toEqual(ENHANCED);
    expect(await response.json()).toEqual(ENHANCED);
  });

  it('reads an enhanced error wrapped in a top-level "error" object', async () => {
    const error = await readEnhancedError(jsonResponse(400, { error: { code: 'invalid_header_device_info' } }));
    expect(error).toEqual({ code: 'invalid_header_device_info' });
  });

  it('reads the first item-level error (REST API v2 decisions)', async () => {
    const body = {
      decisions: [
        { resource: 'REF30', authorized: true },
        {
          resource: 'REF40',
          authorized: false,
          error: { action: 'none', status: 403, code: 'authorization_denied_by_mvpd' },
        },
        { resource: 'REF50', authorized: false, error: { code: 'second' } },
      ],
    };
    expect(await readEnhancedError(jsonResponse(200, body))).toMatchObject({ code: 'authorization_denied_by_mvpd' });
  });

  it('keeps unknown fields, drops documented fields of the wrong type', async () => {
    const error = await readEnhancedError(
      jsonResponse(401, { code: 'access_token_expired', action: 7, status: '401', message: 'Expired.', extra: true }),
    );
    expect(error).toEqual({ code: 'access_token_expired', message: 'Expired.', extra: true });
    expect(enhancedErrorSchema.safeParse(error).success).toBe(true);
  });

  it('accepts a JSON body labelled as text when it is an object', async () => {
    expect(await readEnhancedError(jsonResponse(401, { code: 'invalid_client_id' }, 'text/plain'))).toEqual({
      code: 'invalid_client_id',
    });
  });

  it.each<[string, () => Response]>([
    ['an HTML body', () => new Response('<html></html>', { status: 429, headers: { 'content-type': 'text/html' } })],
    ['invalid JSON', () => jsonResponse(500, '{"code":')],
    ['an OAuth error', () => jsonResponse(400, { error: 'invalid_client' })],
    ['a numeric code', () => jsonResponse(400, { code: 400, message: 'Bad request' })],
    ['null', () => jsonResponse(400, 'null')],
    ['no body', () => new Response(null, { status: 401 })],
    ['a body larger than 64 KiB', () => jsonResponse(401, { code: 'x', padding: 'p'.repeat(70_000) })],
  ])('resolves undefined for %s', async (_name, make) => {
    expect(await readEnhancedError(make())).toBeUndefined();
  });

  it('resolves undefined when the body was already used, and for things that are not responses', async () => {
    const response = jsonResponse(401, ENHANCED);
    await response.text();
    expect(await readEnhancedError(response)).toBeUndefined();
    expect(await readEnhancedError(null as never)).toBeUndefined();
    expect(await readEnhancedError({} as never)).toBeUndefined();
  });
});
