import { describe, expect, it } from 'vitest';
import { decodeStoredEntry, encodeStoredRecord } from '../src/store/storedRecord.ts';

const credentials = { clientId: 'id-1', clientSecret: 'secret-value-1', issuedAt: 1_700_000_000_000 };
const token = { accessToken: 'token-value-1', tokenType: 'bearer', obtainedAt: 1, expiresAt: 2 };

describe('stored record', () => {
  it('round-trips credentials and token', () => {
    const value = encodeStoredRecord({ registered: true, credentials, token });
    expect(decodeStoredEntry({ value, version: 3 })).toEqual({ kind: 'loaded', version: 3, credentials, token });
  });

  it('reads "nothing stored" as empty', () => {
    expect(decodeStoredEntry(null)).toEqual({ kind: 'empty', version: null });
  });

  it('reads a registration marker without credentials as lost', () => {
    const value = encodeStoredRecord({ registered: true, credentials: null, token: null });
    expect(decodeStoredEntry({ value, version: 1 })).toEqual({ kind: 'lost', version: 1 });
  });

  it.each([
    ['not JSON', 'garbage{', 'the stored value is not JSON'],
    [
      'another format',
      JSON.stringify({ format: 'other', registered: true }),
      'the stored record does not fit the dcrflow.v1 schema (at format, credentials, token)',
    ],
    [
      'an empty client id',
      encodeStoredRecord({ registered: true, credentials: { ...credentials, clientId: '' }, token: null }),
      'the stored record does not fit the dcrflow.v1 schema (at credentials.clientId)',
    ],
    [
      'a token without credentials',
      encodeStoredRecord({ registered: true, credentials: null, token }),
      'the stored record has a token but no credentials',
    ],
    ['JSON null', 'null', 'the stored record does not fit the dcrflow.v1 schema (at (root))'],
  ])('reads %s as corrupt with a clear, secret-free problem', (_, value, problem) => {
    const decoded = decodeStoredEntry({ value, version: 9 });
    expect(decoded).toEqual({ kind: 'corrupt', version: 9, problem });
  });

  it('never echoes stored values in the problem text', () => {
    const value = JSON.stringify({
      format: 'dcrflow.v1',
      registered: true,
      credentials: { clientId: 'x', clientSecret: 5 },
      token: null,
    });
    const decoded = decodeStoredEntry({ value, version: 1 });
    expect(decoded.kind).toBe('corrupt');
    expect(JSON.stringify(decoded)).not.toContain('"x"');
  });
});
