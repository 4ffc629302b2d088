import { redact } from '@dcrflow/protocol';
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { createInspectorBridge, createRedactor, DEFAULT_SECRET_KEYS, memoryTransport, toJsonl } from '../src/index.ts';
import { vaultMachine } from './support/machines.ts';

const SECRET = 'sk_live_51HxYzVeryLongClientSecret';
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzb2Z0d2FyZSJ9.c2lnbmF0dXJlLXZhbHVl';

describe('createRedactor().payload', () => {
  const redactor = createRedactor({ secrets: [SECRET] });

  it('replaces strings under secret-looking keys, at any depth and in any casing', () => {
    const out = redactor.payload({
      client_secret: 'abc123',
      ACCESS_TOKEN: 'def456',
      software_statement: 'ghi789',
      headers: { Authorization: 'Bearer xyz', 'Content-Type': 'application/json' },
      user: { password: 'hunter2', name: 'Ada' },
      list: [{ refreshToken: 'r-1' }, 'plain'],
    });
    expect(out).toEqual({
      client_secret: redact('abc123'),
      ACCESS_TOKEN: redact('def456'),
      software_statement: redact('ghi789'),
      headers: { Authorization: redact('Bearer xyz'), 'Content-Type': 'application/json' },
      user: { password: redact('hunter2'), name: 'Ada' },
      list: [{ refreshToken: redact('r-1') }, 'plain'],
    });
  });

  it('redacts every string below a secret key, also inside arrays and objects', () => {
    expect(redactor.payload({ tokens: ['a1', { access: 'b2' }], secret: { inner: 'c3', n: 4 } })).toEqual({
      tokens: [redact('a1'), { access: redact('b2') }],
      secret: { inner: redact('c3'), n: 4 },
    });
  });

  it('replaces a configured secret value wherever it appears, even inside longer strings and keys', () => {
    const out = redactor.payload({
      note: SECRET,
      message: `The server rejected ${SECRET}.`,
      [SECRET]: 1,
      deep: [[{ x: SECRET }]],
    });
    const text = JSON.stringify(out);
    expect(text).not.toContain(SECRET);
    expect(out).toEqual({
      note: redact(SECRET),
      message: `The server rejected ${redact(SECRET)}.`,
      [redact(SECRET)]: 1,
      deep: [[{ x: redact(SECRET) }]],
    });
  });

  it('hides Authorization values and compact JWTs under any key', () => {
    expect(redactor.payload({ header: 'Bearer abcdefghijk', jwt: JWT, short: 'Bearer x', word: 'eyJ' })).toEqual({
      header: redact('Bearer abcdefghijk'),
      jwt: redact(JWT),
      short: 'Bearer x',
      word: 'eyJ',
    });
  });

  it('leaves fingerprints alone instead of fingerprinting them again', () => {
    const fingerprint = redact('value');
    expect(redactor.payload({ secretFingerprint: fingerprint, token: { fingerprint } })).toEqual({
      secretFingerprint: fingerprint,
      token: { fingerprint },
    });
  });

  it('serialises errors as name, message and own fields, redacted, with the cause', () => {
    const cause = new Error(`socket said ${SECRET}`);
    const error = Object.assign(new TypeError('Token request failed.', { cause }), {
      code: 'protocol',
      access_token: 'leaked',
    });
    const out = redactor.payload({ error }) as { error: Record<string, unknown> };
    expect(out.error).toEqual({
      name: 'TypeError',
      message: 'Token request failed.',
      code: 'protocol',
      access_token: redact('leaked'),
      cause: { name: 'Error', message: `socket said ${redact(SECRET)}` },
    });
    expect(JSON.stringify(out)).not.toContain('leaked');
  });

  it('uses toJSON like JSON.stringify, and redacts its result', () => {
    const custom = { toJSON: () => ({ client_secret: 'from-toJSON' }) };
    expect(redactor.payload({ custom, when: new Date(0) })).toEqual({
      custom: { client_secret: redact('from-toJSON') },
      when: '1970-01-01T00:00:00.000Z',
    });
  });

  it('always returns JSON data: cycles, BigInts, Maps, Sets, binary, functions, non-finite numbers', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const shared = { n: 1 };
    const out = redactor.payload({
      cyclic,
      twice: [shared, shared],
      big: 10n,
      map: new Map<unknown, unknown>([
        ['access_token', 'm1'],
        [2, 'two'],
      ]),
      set: new Set(['a', SECRET]),
      bytes: new Uint8Array(4),
      fn: () => 1,
      missing: undefined,
      inArray: [undefined, () => 1, Number.NaN, Number.POSITIVE_INFINITY],
      unreadable: Object.defineProperty({}, 'x', {
        enumerable: true,
        get() {
          throw new Error('no');
        },
      }),
    });
    expect(out).toEqual({
      cyclic: { name: 'loop', self: '[Circular]' },
      twice: [{ n: 1 }, { n: 1 }],
      big: '10',
      map: { access_token: redact('m1'), 2: 'two' },
      set: ['a', redact(SECRET)],
      bytes: '[Uint8Array of 4 bytes]',
      inArray: [null, null, null, null],
      unreadable: { x: '[Unreadable]' },
    });
    expect(() => JSON.stringify(out)).not.toThrow();
  });

  it('keeps a __proto__ key as data', () => {
    const out = redactor.payload(JSON.parse('{"__proto__": {"polluted": "yes"}, "a": 1}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__', 'a']);
    expect(JSON.stringify(out)).toBe('{"__proto__":{"polluted":"yes"},"a":1}');
  });

  it('cuts runaway depth instead of recursing without bound', () => {
    let deep: Record<string, unknown> = { end: true };
    for (let i = 0; i < 500; i++) deep = { next: deep };
    expect(JSON.stringify(redactor.payload(deep))).toContain('[Truncated]');
  });

  it('accepts a replacement key pattern, and a global RegExp behaves like a plain one', () => {
    const custom = createRedactor({ keys: /pin/gi });
    expect(custom.payload({ pin: '1234', PIN: '5678', token: 'kept' })).toEqual({
      pin: redact('1234'),
      PIN: redact('5678'),
      token: 'kept',
    });
    expect(DEFAULT_SECRET_KEYS.test('Software_Statement')).toBe(true);
  });
});

describe('createRedactor().structure', () => {
  it('keeps state names and ids that merely look like secret keys, but still hides configured secrets', () => {
    const redactor = createRedactor({ secrets: [SECRET] });
    expect(redactor.structure({ tokenValid: 'requestingToken', id: `m.${SECRET}` })).toEqual({
      tokenValid: 'requestingToken',
      id: `m.${redact(SECRET)}`,
    });
  });
});

describe('the bridge redacts every wire event', () => {
  it('no configured secret or secret-keyed value appears in any event of a run', async () => {
    const memory = memoryTransport();
    const bridge = createInspectorBridge({ transport: memory, redact: { secrets: [SECRET, 'hunter2'] } });
    const actor = createActor(vaultMachine, { inspect: bridge.inspect });
    actor.start();
    actor.send({ type: 'UNLOCK', password: 'hunter2' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    actor.send({ type: 'FAIL', error: new Error(`bad ${SECRET}`) });
    bridge.mark('note', { authorization: 'Basic Zm9vOmJhcg==', text: `contains ${SECRET}` });
    actor.stop();

    const text = toJsonl(memory.events());
    for (const secret of [
      SECRET,
      'hunter2',
      'context-secret-value',
      'opaque-access-token-value',
      'dXNlcjpwYXNz',
      'Zm9vOmJhcg==',
    ]) {
      expect(text).not.toContain(secret);
    }
    // The run really carried them: the fingerprints are there instead.
    expect(text).toContain(redact('context-secret-value'));
    expect(text).toContain(redact('opaque-access-token-value'));
    expect(text).toContain(redact('hunter2'));
    // … while the chart and state values are untouched.
    const states = memory
      .events()
      .flatMap((event) =>
        event.kind === 'snapshot' && event.actorId === actor.sessionId ? [event.snapshot.value] : [],
      );
    expect(states).toContainEqual({ open: 'idle' });
  });
});
