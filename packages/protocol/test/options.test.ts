import { describe, expect, it } from 'vitest';
import { ConfigurationError, createDcrHttp, type DcrHttpOptions, resolveHttpOptions } from '../src/index.ts';
import { DEVICE_INFO, rejectionOf } from './support/replies.ts';

function configurationMessage(options: unknown): string {
  try {
    createDcrHttp(options as DcrHttpOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ name: 'ConfigurationError', code: 'configuration' });
    return (error as Error).message;
  }
  throw new Error('Expected createDcrHttp to throw.');
}

const base = { baseUrl: 'https://sp.auth.adobe.com' };

describe('createDcrHttp option validation', () => {
  it.each<[string, unknown, string]>([
    ['no options', undefined, 'createDcrHttp options must be an object.'],
    [
      'a missing baseUrl',
      {},
      "baseUrl must be an absolute http(s) URL such as 'https://sp.auth.adobe.com', given as a string or URL.",
    ],
    [
      'a relative baseUrl',
      { baseUrl: '/o/client' },
      "baseUrl must be an absolute http(s) URL such as 'https://sp.auth.adobe.com'.",
    ],
    ['an ftp baseUrl', { baseUrl: 'ftp://sp.auth.adobe.com' }, 'baseUrl must be an http or https URL, not ftp.'],
    [
      'credentials in baseUrl',
      { baseUrl: 'https://user:pw@sp.auth.adobe.com' },
      'baseUrl must not contain a user name or password.',
    ],
    [
      'a query in baseUrl',
      { baseUrl: 'https://sp.auth.adobe.com/?x=1' },
      'baseUrl must not contain a query or fragment.',
    ],
    ['a non-function fetch', { ...base, fetch: 'fetch' }, 'fetch must be a function when given.'],
    [
      'a zero timeout',
      { ...base, timeoutMs: 0 },
      'timeoutMs must be a positive number of milliseconds no greater than 2147483647.',
    ],
    [
      'an infinite timeout',
      { ...base, timeoutMs: Number.POSITIVE_INFINITY },
      'timeoutMs must be a positive number of milliseconds no greater than 2147483647.',
    ],
    [
      'an unknown auth method',
      { ...base, tokenAuthMethod: 'private_key_jwt' },
      "tokenAuthMethod must be 'client_secret_post' or 'client_secret_basic'.",
    ],
    [
      'an unknown endpoint (a typo would silently use the default)',
      { ...base, endpoints: { regsiter: '/oauth2/register' } },
      'endpoints only takes register and token; got "regsiter".',
    ],
    [
      'endpoints that are not an object',
      { ...base, endpoints: '/o' },
      'endpoints must be an object with optional register and token paths.',
    ],
    [
      'an endpoint that is neither a path nor a URL',
      { ...base, endpoints: { token: 'client/token' } },
      "endpoints.token must be a path starting with '/' or an absolute http(s) URL.",
    ],
    [
      'an endpoint path with a query',
      { ...base, endpoints: { register: '/o/client/register?x=1' } },
      'endpoints.register must not contain a query or fragment.',
    ],
    [
      'a non-http endpoint URL',
      { ...base, endpoints: { token: 'file:///etc/passwd' } },
      'endpoints.token must be an http or https URL, not file.',
    ],
    [
      'a userAgent with a line break',
      { ...base, userAgent: 'ua\r\nX-Injected: 1' },
      'userAgent must be a non-empty string of Latin-1 characters without line breaks or control characters.',
    ],
    [
      'an empty forwardedFor',
      { ...base, forwardedFor: ' ' },
      'forwardedFor must be a non-empty string of Latin-1 characters without line breaks or control characters.',
    ],
    [
      'headers that are not an object',
      { ...base, headers: [['a', 'b']] },
      'headers must be an object of header names to string values.',
    ],
    ['an invalid header name', { ...base, headers: { 'X Bad': '1' } }, 'headers has an invalid header name "X Bad".'],
    [
      'a reserved header',
      { ...base, headers: { Authorization: 'Bearer x' } },
      'headers cannot set Authorization: dcrflow sets it for each DCR request.',
    ],
    [
      'a header value outside Latin-1',
      { ...base, headers: { 'X-Emoji': '📺' } },
      'headers["X-Emoji"] must be a non-empty string of Latin-1 characters without line breaks or control characters.',
    ],
    [
      'a deviceInfo that is neither object nor string',
      { ...base, deviceInfo: 42 },
      'deviceInfo must be a device information object or an encoded X-Device-Info string.',
    ],
    [
      'a deviceInfo object with a restricted value outside its set',
      { ...base, deviceInfo: { ...DEVICE_INFO, osName: 'BeOS' } },
      'deviceInfo is invalid: osName: expected one of "Android", "Chrome OS", "Linux", "Mac OS", "OS X", "OpenBSD", "Roku OS", "Windows", "iOS", "tvOS", "webOS".',
    ],
    [
      'a deviceInfo string that is not Base64',
      { ...base, deviceInfo: 'not base64!' },
      'deviceInfo is not a valid X-Device-Info value: (header): expected standard Base64 (A-Z, a-z, 0-9, +, / and = padding).',
    ],
  ])('rejects %s', (_name, options, message) => {
    expect(configurationMessage(options)).toBe(message);
  });

  it('accepts a URL object, http for local servers, and every documented option', () => {
    const http = createDcrHttp({
      baseUrl: new URL('http://127.0.0.1:8080/prefix'),
      fetch: globalThis.fetch,
      deviceInfo: DEVICE_INFO,
      userAgent: 'app/1.0 (Linux; Android 12)',
      forwardedFor: '203.0.113.7, 10.0.0.1',
      endpoints: { register: '/o/client/register', token: 'https://other.example/token' },
      tokenAuthMethod: 'client_secret_basic',
      timeoutMs: 2_500,
      headers: { 'X-Trace': 'abc' },
    });
    expect(Object.keys(http).sort()).toEqual(['register', 'requestToken']);
    expect(Object.isFrozen(http)).toBe(true);
  });
});

describe('createDcrHttp from resolveHttpOptions', () => {
  it('takes the resolved options as they are (validated once), with the same requests', async () => {
    const seen: Request[] = [];
    const fetch: typeof globalThis.fetch = async (input) => {
      seen.push(input as Request);
      return new Response(JSON.stringify({ access_token: 't', token_type: 'bearer', expires_in: 60 }), {
        status: 201,
        headers: { 'content-type': 'application/json' },
      });
    };
    const resolved = resolveHttpOptions({ ...base, fetch, deviceInfo: DEVICE_INFO, userAgent: 'app/1.0' });
    await createDcrHttp(resolved).requestToken({ clientId: 'id', clientSecret: 'secret' });
    await createDcrHttp({ ...base, fetch, deviceInfo: DEVICE_INFO, userAgent: 'app/1.0' }).requestToken({
      clientId: 'id',
      clientSecret: 'secret',
    });
    const [once, twice] = seen;
    expect(once?.url).toBe('https://sp.auth.adobe.com/o/client/token');
    expect([...(once?.headers ?? [])]).toEqual([...(twice?.headers ?? [])]);
    expect(once?.headers.get('x-device-info')).toBe(resolved.headers.get('x-device-info')?.[1]);
  });

  it('validates a look-alike that resolveHttpOptions did not return, like any other options', () => {
    const lookAlike = { ...resolveHttpOptions(base) };
    expect(configurationMessage(lookAlike)).toBe(
      "baseUrl must be an absolute http(s) URL such as 'https://sp.auth.adobe.com', given as a string or URL.",
    );
  });
});

describe('per-call input validation', () => {
  const http = createDcrHttp({ ...base, fetch: () => Promise.reject(new Error('must not be called')) });

  it.each<[string, () => Promise<unknown>, string]>([
    [
      'a missing register input',
      () => http.register(undefined as never),
      'register input must be an object with a softwareStatement.',
    ],
    [
      'an empty software statement',
      () => http.register({ softwareStatement: '' }),
      'softwareStatement must be a non-empty string.',
    ],
    [
      'an empty redirectUri',
      () => http.register({ softwareStatement: 'jwt', redirectUri: '' }),
      'redirectUri must be a non-empty string when given.',
    ],
    [
      'metadata that is not a plain object',
      () => http.register({ softwareStatement: 'jwt', metadata: [] as never }),
      'metadata must be a plain object when given.',
    ],
    [
      'metadata that overrides the statement',
      () => http.register({ softwareStatement: 'jwt', metadata: { software_statement: 'other' } }),
      'metadata must not contain software_statement; pass it as softwareStatement.',
    ],
    [
      'metadata that overrides redirect_uri',
      () => http.register({ softwareStatement: 'jwt', metadata: { redirect_uri: 'x' } }),
      'metadata must not contain redirect_uri; pass it as redirectUri.',
    ],
    [
      'metadata that cannot be serialised',
      () => http.register({ softwareStatement: 'jwt', metadata: { big: 1n } }),
      'metadata cannot be serialised to JSON.',
    ],
    [
      'missing credentials',
      () => http.requestToken(null as never),
      'requestToken credentials must be an object with clientId and clientSecret.',
    ],
    [
      'an empty clientId',
      () => http.requestToken({ clientId: '', clientSecret: 's' }),
      'clientId must be a non-empty string.',
    ],
    [
      'an empty clientSecret',
      () => http.requestToken({ clientId: 'c', clientSecret: '' }),
      'clientSecret must be a non-empty string.',
    ],
    [
      'a signal that is not an AbortSignal',
      () => http.requestToken({ clientId: 'c', clientSecret: 's' }, { signal: 'stop' as never }),
      'signal must be an AbortSignal when given.',
    ],
  ])('rejects %s with a ConfigurationError', async (_name, call, message) => {
    const error = await rejectionOf(call());
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe(message);
  });
});
