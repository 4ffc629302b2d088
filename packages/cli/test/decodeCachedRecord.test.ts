import { describe, expect, it } from 'vitest';
import { decodeCachedRecord } from '../src/store/decodeCachedRecord.ts';

const record = (fields: object) =>
  JSON.stringify({ format: 'dcrflow.v1', registered: true, credentials: null, token: null, ...fields });
const credentials = { clientId: 'c1', clientSecret: 's1', issuedAt: 1_700_000_000_000 };
const token = { accessToken: 't1', tokenType: 'bearer', obtainedAt: 1, expiresAt: 2 };

describe('decodeCachedRecord', () => {
  it('reads the states a loading client distinguishes', () => {
    expect(decodeCachedRecord(null)).toEqual({ kind: 'empty' });
    expect(decodeCachedRecord(record({ registered: false }))).toEqual({ kind: 'empty' });
    expect(decodeCachedRecord(record({}))).toEqual({ kind: 'lost' });
    expect(decodeCachedRecord(record({ credentials }))).toEqual({ kind: 'loaded', credentials, token: null });
    expect(decodeCachedRecord(record({ credentials, token }))).toEqual({ kind: 'loaded', credentials, token });
  });

  it('reports damage by field, never by value', () => {
    expect(decodeCachedRecord('{not json')).toEqual({ kind: 'unreadable', problem: 'the stored value is not JSON' });
    expect(decodeCachedRecord('"s1"')).toMatchObject({ kind: 'unreadable' });
    expect(decodeCachedRecord(JSON.stringify({ format: 'other' }))).toEqual({
      kind: 'unreadable',
      problem: 'the stored record does not fit the dcrflow.v1 schema (at format, registered, credentials, token)',
    });
    expect(decodeCachedRecord(record({ token }))).toMatchObject({ kind: 'unreadable' });
    const bad = decodeCachedRecord(record({ credentials: { ...credentials, clientSecret: 42 } }));
    expect(bad).toEqual({
      kind: 'unreadable',
      problem: 'the stored record does not fit the dcrflow.v1 schema (at credentials.clientSecret)',
    });
    expect(decodeCachedRecord(record({ credentials, token: { ...token, expiresAt: 'soon' } }))).toEqual({
      kind: 'unreadable',
      problem: 'the stored record does not fit the dcrflow.v1 schema (at token.expiresAt)',
    });
  });
});
