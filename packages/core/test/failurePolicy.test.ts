import {
  ConfigurationError,
  ContractError,
  type DcrError,
  isRetryable,
  ProtocolError,
  ServerError,
  ThrottledError,
  TransportError,
} from '@dcrflow/protocol';
import { describe, expect, it } from 'vitest';
import { classifyFailure } from '../src/machine/classifyFailure.ts';

// One failure policy: what protocol's isRetryable calls retryable is exactly what the lifecycle machine retries
// with backoff. (Before, a ContractError after a 2xx was "not retryable" for isRetryable and retried by the machine.)

const protocol = (status: number, error: string) =>
  new ProtocolError(`The server answered ${status} ${error}.`, {
    status,
    error,
    description: undefined,
    action: undefined,
    retryAfterSeconds: undefined,
    endpoint: 'token',
  });
const contract = (status: number) =>
  new ContractError('Bad body.', { status, issues: ['client_id: expected a string'], endpoint: 'register' });
const server = (status: number) =>
  new ServerError('Server failed.', { status, retryAfterSeconds: undefined, endpoint: 'register' });

const cases: Array<[string, DcrError, string]> = [
  ['network failure', new TransportError('Down.', { reason: 'network', endpoint: 'token' }), 'transient'],
  ['timeout', new TransportError('Slow.', { reason: 'timeout', endpoint: 'token' }), 'transient'],
  ['429', new ThrottledError('Throttled.', { retryAfterSeconds: 2, endpoint: 'token' }), 'throttled'],
  ['503 without a body', server(503), 'transient'],
  ['404 without a body', server(404), 'blocked'],
  ['contract failure after a 201', contract(201), 'transient'],
  ['contract failure on a 502', contract(502), 'transient'],
  ['contract failure on a 400', contract(400), 'blocked'],
  ['invalid_client', protocol(400, 'invalid_client'), 'credentials'],
  ['invalid_client on a 503', protocol(503, 'invalid_client'), 'transient'],
  ['unapproved_software_statement', protocol(400, 'unapproved_software_statement'), 'revoked'],
  ['unauthorized_client', protocol(400, 'unauthorized_client'), 'revoked'],
  ['invalid_request', protocol(400, 'invalid_request'), 'blocked'],
  ['an unknown 403 error', protocol(403, 'access_denied'), 'blocked'],
  ['429 with an error body', protocol(429, 'too_many_requests'), 'throttled'],
  ['configuration', new ConfigurationError('Bad option.'), 'blocked'],
];

describe('one failure policy', () => {
  it.each(cases)('%s → %s, and isRetryable agrees', (_name, error, kind) => {
    const { failure } = classifyFailure(error, []);
    expect(failure).toBe(kind);
    expect(isRetryable(error)).toBe(failure === 'transient' || failure === 'throttled');
  });

  it('records invalid_client as credentials_lost and honours Retry-After only where the server asked to wait', () => {
    expect(classifyFailure(protocol(400, 'invalid_client'), []).error.code).toBe('credentials_lost');
    expect(
      classifyFailure(new ThrottledError('T.', { retryAfterSeconds: 2, endpoint: 'token' }), []).retryAfterMs,
    ).toBe(2_000);
    expect(classifyFailure(contract(201), []).retryAfterMs).toBeNull();
  });
});
