import { redact } from '@dcrflow/protocol';
import { describe, expect, it } from 'vitest';
import { prettyJson, previewJson, redactForDisplay, redactWireEvent } from '../src/model/redactForDisplay.ts';
import type { WireEvent } from '../src/wire/wireTypes.ts';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhcHAiLCJpYXQiOjE3MDB9.c2lnbmF0dXJlLXNpZ25hdHVyZQ';

describe('redactForDisplay', () => {
  it('fingerprints strings under secret-looking keys, at any depth and in arrays', () => {
    const shown = redactForDisplay({
      client_secret: 's3cr3t-value',
      nested: { access_token: 'tok-123456', list: [{ softwareStatement: 'stmt' }] },
      headers: { Authorization: 'Bearer abc', accept: 'json' },
      password: 'hunter2',
      clientId: 'public-id',
    });
    expect(shown).toEqual({
      client_secret: redact('s3cr3t-value'),
      nested: { access_token: redact('tok-123456'), list: [{ softwareStatement: redact('stmt') }] },
      headers: { Authorization: redact('Bearer abc'), accept: 'json' },
      password: redact('hunter2'),
      clientId: 'public-id',
    });
  });

  it('fingerprints JWTs anywhere in a string, under any key', () => {
    expect(redactForDisplay({ note: `sent Bearer ${JWT} to the API` })).toEqual({
      note: `sent Bearer ${redact(JWT)} to the API`,
    });
    expect(redactForDisplay([JWT])).toEqual([redact(JWT)]);
  });

  it('fingerprints configured secret values wherever they appear', () => {
    const secret = 'plain-client-secret-9';
    expect(redactForDisplay({ message: `failed with ${secret}!` }, { secrets: [secret] })).toEqual({
      message: `failed with ${redact(secret)}!`,
    });
  });

  it('keeps fingerprints, numbers, booleans and nulls as they are', () => {
    const fingerprint = redact('x');
    expect(redactForDisplay({ secretFingerprint: fingerprint, token: { expiresAt: 5, ok: true, none: null } })).toEqual(
      {
        secretFingerprint: fingerprint,
        token: { expiresAt: 5, ok: true, none: null },
      },
    );
  });

  it('survives cycles and very deep values', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(redactForDisplay(cyclic)).toEqual({ a: 1, self: '[circular]' });
    let deep: unknown = 'bottom';
    for (let i = 0; i < 30; i++) deep = { next: deep };
    expect(JSON.stringify(redactForDisplay(deep))).toContain('…');
  });

  it('previews as one redacted line, cut with an ellipsis', () => {
    expect(previewJson({ type: 'X', client_secret: 'abcd1234' })).toBe(
      `{"type":"X","client_secret":"${redact('abcd1234')}"}`,
    );
    const long = previewJson({ text: 'x'.repeat(500) }, 40);
    expect(long).toHaveLength(40);
    expect(long.endsWith('…')).toBe(true);
    expect(prettyJson({ token: 'abcdefgh' })).toBe(`{\n  "token": "${redact('abcdefgh')}"\n}`);
  });
});

describe('redactWireEvent (export)', () => {
  const base = { v: 1, seq: 0, at: 0, sessionId: 's', actorId: 'a' } as const;
  it('redacts payloads, contexts, errors and notes', () => {
    const snapshot: WireEvent = {
      ...base,
      kind: 'snapshot',
      event: { type: 'TOKEN.SUCCEEDED', access_token: 'tok-abcdef' },
      snapshot: {
        value: 'x',
        status: 'error',
        context: { client_secret: 'sec-abcdef' },
        error: { authorization: 'Bearer z' },
      },
    };
    const out = redactWireEvent(snapshot) as Extract<WireEvent, { kind: 'snapshot' }>;
    expect(out.event.access_token).toBe(redact('tok-abcdef'));
    expect(out.snapshot.context).toEqual({ client_secret: redact('sec-abcdef') });
    expect(out.snapshot.error).toEqual({ authorization: redact('Bearer z') });
    const meta = redactWireEvent({ ...base, kind: 'meta', label: 'note', data: { password: 'pw-123456' } });
    expect(meta).toMatchObject({ data: { password: redact('pw-123456') } });
  });

  it('leaves machine definitions alone (their TOKEN.* keys are event types, not secrets)', () => {
    const definition = { id: 'dcr', states: {}, on: { 'TOKEN.SUCCEEDED': [{ target: ['#dcr.tokenValid'] }] } };
    const actor: WireEvent = { ...base, kind: 'actor', parentId: null, systemId: null, definition, name: 'dcr' };
    expect(redactWireEvent(actor)).toEqual(actor);
  });
});
