import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as api from '../src/index.ts';
import { registerRequestSchema } from '../src/schemas/registerRequestSchema.ts';
import { tokenRequestSchema } from '../src/schemas/tokenRequestSchema.ts';

describe('public surface', () => {
  it('exports exactly the values named in the protocol-api contract', () => {
    expect(Object.keys(api).sort()).toEqual(
      [
        'ConfigurationError',
        'ContractError',
        'DEFAULT_ENDPOINTS',
        'DcrError',
        'OAUTH_ERROR_CODES',
        'OS_FAMILIES',
        'OS_NAMES',
        'OS_VENDORS',
        'PRIMARY_HARDWARE_TYPES',
        'ProtocolError',
        'ServerError',
        'ThrottledError',
        'TransportError',
        'createDcrHttp',
        'resolveHttpOptions',
        'readResponseSnapshot',
        'processTokenResponse',
        'processRegisterResponse',
        'buildTokenRequest',
        'codeGuard',
        'buildRegisterRequest',
        'decodeDeviceInfo',
        'describeType',
        'deviceInfoSchema',
        'encodeDeviceInfo',
        'failurePolicy',
        'enhancedErrorSchema',
        'formatIssues',
        'isRetryable',
        'oauthErrorSchema',
        'parseRetryAfter',
        'readEnhancedError',
        'redact',
        'registerResponseSchema',
        'scrubSecrets',
        'summarizeIssues',
        'tokenResponseSchema',
      ].sort(),
    );
  });

  it('DEFAULT_ENDPOINTS are the documented paths and cannot be changed', () => {
    expect(api.DEFAULT_ENDPOINTS).toEqual({ register: '/o/client/register', token: '/o/client/token' });
    expect(Object.isFrozen(api.DEFAULT_ENDPOINTS)).toBe(true);
  });

  it('OAUTH_ERROR_CODES lists every documented DCR error code', () => {
    expect(api.OAUTH_ERROR_CODES).toEqual([
      'invalid_request',
      'invalid_redirect_uri',
      'invalid_software_statement',
      'unapproved_software_statement',
      'invalid_client',
      'unauthorized_client',
      'unsupported_grant_type',
      'access_denied',
    ]);
  });
});

describe('wire schemas', () => {
  it('the register request accepts extra RFC 7591 metadata and requires the statement', () => {
    expect(
      registerRequestSchema.safeParse({ software_statement: 'jwt', redirect_uri: 'https://a/cb', client_name: 'x' })
        .data,
    ).toEqual({ software_statement: 'jwt', redirect_uri: 'https://a/cb', client_name: 'x' });
    expect(registerRequestSchema.safeParse({ redirect_uri: 'https://a/cb' }).success).toBe(false);
  });

  it('the token request requires grant_type=client_credentials', () => {
    expect(tokenRequestSchema.safeParse({ grant_type: 'client_credentials' }).success).toBe(true);
    expect(tokenRequestSchema.safeParse({ grant_type: 'password', client_id: 'a' }).success).toBe(false);
  });

  it('response schemas keep unknown fields (loose objects)', () => {
    expect(
      api.tokenResponseSchema.parse({ access_token: 'a', token_type: 'bearer', expires_in: 1, refresh_token: 'r' }),
    ).toMatchObject({ refresh_token: 'r' });
    expect(api.registerResponseSchema.parse({ client_id: 'a', client_secret: 'b', software_id: 's' })).toMatchObject({
      software_id: 's',
    });
  });

  it('the OAuth error schema only insists on the code', () => {
    expect(api.oauthErrorSchema.parse({ error: 'invalid_client', error_description: 42, error_uri: 'u' })).toEqual({
      error: 'invalid_client',
      error_uri: 'u',
    });
    expect(api.oauthErrorSchema.safeParse({ error: '' }).success).toBe(false);
  });
});

describe('source rules (this code ships to browsers)', () => {
  const sourceDir = join(import.meta.dirname, '..', 'src');
  const files = readdirSync(sourceDir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));

  it.each(files)('%s uses zod/mini only and no Node-only API', (file) => {
    const text = readFileSync(join(sourceDir, file), 'utf8');
    expect(text).not.toMatch(/from 'zod'/);
    expect(text).not.toMatch(/from 'node:/);
    expect(text).not.toMatch(/\bBuffer\b/);
    // The one exception is the bundler-defined constant, and only as the check bundlers fold (decision 0015).
    expect(text.replaceAll("process.env.NODE_ENV !== 'production'", '')).not.toMatch(/\bprocess\./);
  });
});
