import { ContractError, ProtocolError, redact, ServerError, ThrottledError, TransportError } from '@dcrflow/protocol';
import { describe, expect, it } from 'vitest';
import { CliError } from '../src/errors/CliError.ts';
import { describeError, exitCodeFor } from '../src/errors/describeError.ts';
import { EXIT_CODES } from '../src/errors/exitCodes.ts';
import { UsageError } from '../src/errors/UsageError.ts';

describe('describeError', () => {
  it('maps error codes to the documented exit codes', () => {
    expect(describeError(new UsageError('Bad.')).exitCode).toBe(EXIT_CODES.usage);
    expect(describeError(new TransportError('No answer.', { reason: 'network', endpoint: 'register' })).exitCode).toBe(
      4,
    );
    expect(
      describeError(new ThrottledError('Slow down.', { endpoint: 'token', retryAfterSeconds: undefined })).exitCode,
    ).toBe(4);
    expect(
      describeError(new ServerError('Boom.', { status: 503, endpoint: 'token', retryAfterSeconds: undefined }))
        .exitCode,
    ).toBe(4);
    expect(
      describeError(
        new ProtocolError('Token request failed: the server answered 400 invalid_request.', {
          status: 400,
          error: 'invalid_request',
          description: undefined,
          action: undefined,
          retryAfterSeconds: undefined,
          endpoint: 'token',
        }),
      ).exitCode,
    ).toBe(5);
    expect(describeError(new ContractError('Odd body.', { status: 201, issues: [], endpoint: 'token' })).exitCode).toBe(
      5,
    );
    expect(describeError({ code: 'revoked', message: 'Revoked.' }).exitCode).toBe(EXIT_CODES.revoked);
    expect(describeError(new Error('boom')).exitCode).toBe(EXIT_CODES.failure);
    expect(exitCodeFor('nonsense')).toBe(1);
  });

  it('makes one sentence on one line and adds a hint naming the base URL', () => {
    const report = describeError(new TransportError('no answer\nat all', { reason: 'network', endpoint: 'token' }), {
      baseUrl: 'http://127.0.0.1:9',
    });
    expect(report).toEqual({
      code: 'transport',
      message: 'No answer at all.',
      hint: 'Check that http://127.0.0.1:9 is the right DCR server and is reachable (--base-url / DCRFLOW_BASE_URL).',
      exitCode: 4,
    });
  });

  it('keeps a CliError hint and names unexpected errors by class', () => {
    expect(describeError(new CliError('Nope.', { code: 'x', exitCode: 1, hint: 'Do this.' })).hint).toBe('Do this.');
    const report = describeError(new RangeError('out of range'));
    expect(report).toMatchObject({ code: 'unexpected', message: 'RangeError: out of range.' });
    expect(
      describeError(Object.assign(new Error('fs'), { name: 'FileStoreError', reason: 'ENOSPC', path: '/x' })).code,
    ).toBe('store');
  });

  it('replaces every known secret by its fingerprint', () => {
    const secret = 'eyJhbGciOi.secret-statement.sig';
    const report = describeError(new Error(`server echoed ${secret} back`), { secrets: [secret], fingerprint: redact });
    expect(report.message).toBe(`Error: server echoed ${redact(secret)} back.`);
    expect(report.message).not.toContain(secret);
  });
});
