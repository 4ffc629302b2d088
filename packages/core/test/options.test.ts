import { describe, expect, it } from 'vitest';
import { ConfigurationError, createDcrClient, type DcrClientOptions, memoryStore } from '../src/index.ts';

const valid: DcrClientOptions = {
  baseUrl: 'https://sp.auth.adobe.com',
  softwareStatement: 'a.b.c',
  store: memoryStore(),
};

function messageFor(options: unknown): string {
  try {
    createDcrClient(options as DcrClientOptions);
  } catch (error) {
    expect(ConfigurationError.is(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error('createDcrClient accepted invalid options');
}

describe('createDcrClient options', () => {
  it('accepts the documented options', () => {
    const client = createDcrClient({
      ...valid,
      baseUrl: new URL('http://127.0.0.1:1'),
      refreshLeadSeconds: 0,
      endpoints: { register: '/register', token: 'https://other.example/token' },
      registrationMetadata: { client_name: 'demo' },
      tokenAuthMethod: 'client_secret_basic',
      redirectUri: 'https://app.example/cb',
      userAgent: 'demo/1',
      forwardedFor: '203.0.113.7',
      waitTimeoutMs: 1_000,
      inspect: () => undefined,
    });
    expect(client.state).toBe('loading');
    client.stop();
  });

  it.each([
    [null, 'createDcrClient expects an options object; got null.'],
    // The HTTP options get @dcrflow/protocol's messages: resolveHttpOptions is their one validator.
    [
      { ...valid, baseUrl: undefined },
      "baseUrl must be an absolute http(s) URL such as 'https://sp.auth.adobe.com', given as a string or URL.",
    ],
    [{ ...valid, baseUrl: 'ftp://host' }, 'baseUrl must be an http or https URL, not ftp.'],
    [
      { ...valid, baseUrl: 'not a url' },
      "baseUrl must be an absolute http(s) URL such as 'https://sp.auth.adobe.com'.",
    ],
    [
      { ...valid, baseUrl: 42 },
      "baseUrl must be an absolute http(s) URL such as 'https://sp.auth.adobe.com', given as a string or URL.",
    ],
    [{ ...valid, baseUrl: 'https://user:pw@sp.auth.adobe.com' }, 'baseUrl must not contain a user name or password.'],
    [
      { ...valid, userAgent: 'app\r\nX-Injected: 1' },
      'userAgent must be a non-empty string of Latin-1 characters without line breaks or control characters.',
    ],
    [
      { ...valid, requestTimeoutMs: 0 },
      'requestTimeoutMs must be a number of milliseconds > 0 and ≤ 2147483647; got 0.',
    ],
    [
      { ...valid, softwareStatement: undefined },
      'softwareStatement is required: the JWT from the TVE Dashboard, or a function that returns it.',
    ],
    [{ ...valid, softwareStatement: ' ' }, 'softwareStatement must not be empty.'],
    [
      { ...valid, softwareStatement: 5 },
      'softwareStatement must be a string or a function returning one; got a number.',
    ],
    [
      { ...valid, store: undefined },
      'store is required, e.g. memoryStore() from @dcrflow/core or a persistent adapter store.',
    ],
    [{ ...valid, store: { get() {} } }, 'store is missing the methods set, delete. See the CredentialStore interface.'],
    [
      { ...valid, store: 'redis' },
      'store must be an object with get, set, delete; got a string. See the CredentialStore interface.',
    ],
    [{ ...valid, refreshLeadSeconds: -1 }, 'refreshLeadSeconds must be a number of seconds ≥ 0; got -1.'],
    [{ ...valid, refreshLeadSeconds: '60' }, 'refreshLeadSeconds must be a number of seconds ≥ 0; got a string.'],
    [{ ...valid, waitTimeoutMs: 0 }, 'waitTimeoutMs must be a number of milliseconds > 0; got 0.'],
    [
      { ...valid, tokenAuthMethod: 'private_key_jwt' },
      "tokenAuthMethod must be 'client_secret_post' or 'client_secret_basic'.",
    ],
    [{ ...valid, endpoints: { authorize: '/x' } }, 'endpoints only takes register and token; got "authorize".'],
    [
      { ...valid, endpoints: { token: '' } },
      "endpoints.token must be a path starting with '/' or an absolute http(s) URL.",
    ],
    [{ ...valid, registrationMetadata: [] }, 'registrationMetadata must be a plain object; got an array.'],
    [
      { ...valid, registrationMetadata: { software_statement: 'x' } },
      'registrationMetadata must not contain software_statement: use the softwareStatement option.',
    ],
    [
      { ...valid, clock: { now: (): number => 0 } },
      'clock is missing the methods setTimeout, clearTimeout. See the Clock interface.',
    ],
    [
      { ...valid, coordinator: {} },
      'coordinator is missing the methods withLock, broadcast. See the Coordinator interface.',
    ],
    [
      { ...valid, coordinator: { withLock() {}, broadcast() {}, subscribe: true } },
      'coordinator.subscribe must be a function when present; got a boolean. See the Coordinator interface.',
    ],
    [{ ...valid, signals: { on() {} } }, 'signals is missing the method subscribe. See the PlatformSignals interface.'],
    [{ ...valid, fetch: 'fetch' }, 'fetch must be a function when given.'],
    [{ ...valid, inspect: 1 }, 'inspect must be a function or an observer with next(); got a number.'],
    [{ ...valid, retryPolicy: { capMs: -5 } }, 'retryPolicy.capMs must be a finite number ≥ 0.'],
    [
      { ...valid, retryPolicy: { jitter: 1 } },
      'retryPolicy has no option "jitter"; known: baseMs, factor, capMs, minThrottleMs, maxRetryAfterMs.',
    ],
  ])('rejects %j with a clear message', (options, message) => {
    expect(messageFor(options)).toBe(message);
  });

  it('names unknown options (typos) and lists the known ones', () => {
    expect(messageFor({ ...valid, refreshLead: 60, storage: {} })).toMatch(
      /^Unknown options "refreshLead", "storage"; known options are baseUrl, softwareStatement, store, /,
    );
  });

  it('never echoes the software statement in a message', () => {
    const message = messageFor({ ...valid, softwareStatement: 'eyJ.secret.statement', baseUrl: 'nope' });
    expect(message).not.toContain('secret');
  });

  it('rejects bad arguments to the client methods clearly', async () => {
    const client = createDcrClient(valid);
    expect(() => client.setSoftwareStatement('')).toThrow(
      'setSoftwareStatement expects a non-empty software statement string.',
    );
    expect(() => client.on('tokenChanged' as never, () => undefined)).toThrow(/Unknown client event "tokenChanged"/);
    expect(() => client.on('error', 'nope' as never)).toThrow('client.on() expects a listener function.');
    await expect(client.fetch('::not a url::')).rejects.toThrow(/client.fetch\(\) got an invalid request/);
    client.stop();
  });

  it('after stop(), calls reject with StoppedError instead of hanging', async () => {
    const client = createDcrClient(valid);
    client.stop();
    await expect(client.getAccessToken()).rejects.toMatchObject({ name: 'StoppedError', code: 'stopped' });
    await expect(client.reset()).rejects.toMatchObject({ code: 'stopped' });
  });

  it('stop() rejects a caller that is waiting', async () => {
    const client = createDcrClient({ ...valid, baseUrl: 'http://127.0.0.1:9', requestTimeoutMs: 60_000 });
    const waiting = client.getAccessToken();
    client.stop();
    await expect(waiting).rejects.toMatchObject({ code: 'stopped' });
  });
});
