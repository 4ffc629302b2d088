import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import {
  ConfigurationError,
  ContractError,
  DcrError,
  isRetryable,
  ProtocolError,
  ServerError,
  ThrottledError,
  TransportError,
} from '../src/index.ts';

const transport = (reason: 'network' | 'timeout' | 'abort') =>
  new TransportError('Token request failed.', { reason, endpoint: 'token' });
const protocol = (status: number) =>
  new ProtocolError('Token request failed: the server answered 400 invalid_client.', {
    status,
    error: 'invalid_client',
    description: undefined,
    action: undefined,
    retryAfterSeconds: undefined,
    endpoint: 'token',
  });
const server = (status: number) =>
  new ServerError('Server failed.', { status, retryAfterSeconds: undefined, endpoint: 'register' });
const contract = (status: number) =>
  new ContractError('Bad body.', { status, issues: ['client_id: expected a string'], endpoint: 'register' });

describe('DcrError.is', () => {
  it('recognises every subclass and a bare DcrError', () => {
    for (const error of [
      transport('network'),
      protocol(400),
      server(503),
      contract(201),
      new ThrottledError('Throttled.', { retryAfterSeconds: undefined, endpoint: 'token' }),
      new ConfigurationError('Bad option.'),
      new DcrError('Stopped.', { code: 'stopped' }),
    ]) {
      expect(DcrError.is(error)).toBe(true);
      expect(error).toBeInstanceOf(DcrError);
      expect(error).toBeInstanceOf(Error);
    }
  });

  it('recognises a dcrflow error created in another realm, where instanceof fails', () => {
    const foreign = runInNewContext(
      "const e = new Error('Token request failed.'); e.name = 'TransportError'; e.code = 'transport'; e.reason = 'timeout'; e",
    );
    expect(foreign instanceof Error).toBe(false);
    expect(DcrError.is(foreign)).toBe(true);
    expect(TransportError.is(foreign)).toBe(true);
    expect(ThrottledError.is(foreign)).toBe(false);
    expect(isRetryable(foreign)).toBe(true);
  });

  it('rejects look-alikes: Node system errors, plain objects, unknown codes, non-errors', () => {
    const system = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(DcrError.is(system)).toBe(false);
    expect(DcrError.is({ name: 'TransportError', code: 'transport', message: 'x' })).toBe(false);
    expect(DcrError.is(Object.assign(new Error('x'), { name: 'TransportError', code: 'bogus' }))).toBe(false);
    expect(DcrError.is(Object.assign(new Error('x'), { name: 'Transport', code: 'transport' }))).toBe(false);
    expect(DcrError.is(null)).toBe(false);
    expect(DcrError.is('transport')).toBe(false);
  });

  it('subclass guards only accept their own code', () => {
    expect(TransportError.is(protocol(400))).toBe(false);
    expect(ProtocolError.is(protocol(400))).toBe(true);
    expect(ServerError.is(server(500))).toBe(true);
    expect(ContractError.is(server(500))).toBe(false);
    expect(ConfigurationError.is(new ConfigurationError('x'))).toBe(true);
  });
});

describe('error fields and toJSON', () => {
  it('a bare DcrError defaults to the configuration code and keeps a cause', () => {
    const cause = new Error('inner');
    const error = new DcrError('Something is wrong.', { cause });
    expect(error).toMatchObject({ name: 'DcrError', code: 'configuration', message: 'Something is wrong.' });
    expect(error.cause).toBe(cause);
    expect(error.toJSON()).toEqual({ name: 'DcrError', code: 'configuration', message: 'Something is wrong.' });
  });

  it('serialises each subclass with its details and without undefined fields or the cause', () => {
    expect(
      JSON.parse(
        JSON.stringify(
          new TransportError('Timed out.', { reason: 'timeout', endpoint: 'token' }, { cause: new Error('x') }),
        ),
      ),
    ).toEqual({
      name: 'TransportError',
      code: 'transport',
      message: 'Timed out.',
      reason: 'timeout',
      endpoint: 'token',
    });
    expect(new ThrottledError('Throttled.', { retryAfterSeconds: 2, endpoint: 'register' }).toJSON()).toEqual({
      name: 'ThrottledError',
      code: 'throttled',
      message: 'Throttled.',
      status: 429,
      retryAfterSeconds: 2,
      endpoint: 'register',
    });
    expect(
      new ProtocolError('Failed.', {
        status: 401,
        error: 'invalid_access_token_client_application',
        description: 'Re-register.',
        action: 'application-registration',
        retryAfterSeconds: undefined,
        endpoint: 'token',
      }).toJSON(),
    ).toEqual({
      name: 'ProtocolError',
      code: 'protocol',
      message: 'Failed.',
      status: 401,
      error: 'invalid_access_token_client_application',
      description: 'Re-register.',
      action: 'application-registration',
      endpoint: 'token',
    });
    expect(server(503).toJSON()).toEqual({
      name: 'ServerError',
      code: 'server',
      message: 'Server failed.',
      status: 503,
      endpoint: 'register',
    });
    expect(contract(201).toJSON()).toEqual({
      name: 'ContractError',
      code: 'contract',
      message: 'Bad body.',
      status: 201,
      issues: ['client_id: expected a string'],
      endpoint: 'register',
    });
    expect(new ConfigurationError('Bad option.').toJSON()).toEqual({
      name: 'ConfigurationError',
      code: 'configuration',
      message: 'Bad option.',
    });
  });

  it('freezes ContractError issues', () => {
    expect(Object.isFrozen(contract(200).issues)).toBe(true);
  });
});

describe('isRetryable', () => {
  it.each<[string, unknown, boolean]>([
    ['network failure', transport('network'), true],
    ['timeout', transport('timeout'), true],
    ["caller's abort", transport('abort'), false],
    ['429', new ThrottledError('T.', { retryAfterSeconds: undefined, endpoint: 'token' }), true],
    ['503 without error body', server(503), true],
    ['404 without error body', server(404), false],
    ['302 redirect', server(302), false],
    ['contract failure on 500', contract(500), true],
    // The one failure policy: a 2xx body that does not fit is retried, as the lifecycle machine always did.
    ['contract failure on 201', contract(201), true],
    ['contract failure on 400', contract(400), false],
    ['protocol error on 429', protocol(429), true],
    ['protocol error on 400', protocol(400), false],
    ['protocol error on 503', protocol(503), true],
    ['configuration error', new ConfigurationError('x'), false],
    ['revoked (core)', new DcrError('Revoked.', { code: 'revoked' }), false],
    ['a foreign error', new TypeError('fetch failed'), false],
    ['undefined', undefined, false],
  ])('%s → %s', (_name, error, expected) => {
    expect(isRetryable(error)).toBe(expected);
  });
});
