// Issue 13, item 5: the redactor used to match whole strings only. Secrets inside longer strings, keys, URLs, errors
// and event types reached JSONL recordings and the relay backlog; and (inspector issue) harmless metadata under
// token-named keys was hidden. Each case below failed before the fix.
import { redact } from '@dcrflow/protocol';
import { describe, expect, it } from 'vitest';
import { createActor, createMachine } from 'xstate';
import { createInspectorBridge, createRedactor, memoryTransport, toJsonl } from '../src/index.ts';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzb2Z0d2FyZSJ9.c2lnbmF0dXJlLXZhbHVl';
const OPAQUE = 'opq_7f3a9c2e5b1d4f60';
const redactor = createRedactor();

/** Every case: what the app put in, and the secret that must not come out. */
const LEAKS: ReadonlyArray<readonly [string, unknown, string]> = [
  ['a JWT with a trailing newline', { note: `${JWT}\n` }, JWT],
  ['a JWT with a leading space', { note: ` ${JWT}` }, JWT],
  ['a JWT in a URL fragment', { url: `https://app.example/cb#access_token=${JWT}&state=1` }, JWT],
  ['a JWT in a URL query', { url: `https://app.example/cb?x=1&token=${JWT}` }, JWT],
  ['an opaque api_key in a URL query', { url: `https://api.example/v1?api_key=${OPAQUE}&page=2` }, OPAQUE],
  ['a JWT in a sentence', { message: `The server rejected statement ${JWT} as expired.` }, JWT],
  ['a JWT in an Error message', { error: new Error(`Registration failed for ${JWT}`) }, JWT],
  ['a JWT as an object key', { seen: { [JWT]: true } }, JWT],
  ['a JWT in a URL object', { target: new URL(`https://app.example/cb#id_token=${JWT}`) }, JWT],
  ['a JWT in a toJSON() result', { custom: { toJSON: () => `prefix ${JWT}` } }, JWT],
  ['"Authorization: Bearer …" mid-text', { log: `GET /api Authorization: Bearer ${OPAQUE} 200` }, OPAQUE],
  ['an opaque secret under apiKey', { apiKey: OPAQUE }, OPAQUE],
  ['an opaque secret under x-api-key', { headers: { 'x-api-key': OPAQUE } }, OPAQUE],
  ['an opaque secret under credential', { credential: OPAQUE }, OPAQUE],
  ['an opaque secret under credentials', { credentials: { clientId: 'c1', pair: OPAQUE } }, OPAQUE],
  ['an echoed JSON body in a message', { message: `400 {"client_secret":"${OPAQUE}","error":"x"}` }, OPAQUE],
  ['a form body in a message', { message: `sent client_id=c1&client_secret=${OPAQUE}` }, OPAQUE],
  ['an "x-api-key: …" header line', { dump: `Host: api\nx-api-key: ${OPAQUE}\n` }, OPAQUE],
];

describe('createRedactor().payload hides secrets inside strings, keys and objects', () => {
  it.each(LEAKS)('%s', (_name, input, secret) => {
    const text = JSON.stringify(redactor.payload(input));
    expect(text).not.toContain(secret);
    // Replaced by its fingerprint, not dropped: the reader still sees that something was there.
    expect(text).toContain('‹redacted:');
  });

  it('keeps the text around an embedded secret readable', () => {
    expect(redactor.payload({ message: `The server rejected statement ${JWT} as expired.` })).toEqual({
      message: `The server rejected statement ${redact(JWT)} as expired.`,
    });
  });

  it('shows harmless values: tokenType "bearer", tokenCount "7", expiresAt, also below a token key', () => {
    const input = {
      tokenType: 'bearer',
      tokenCount: '7',
      token: { fingerprint: redact('t'), tokenType: 'bearer', expiresAt: '1700000000000', value: OPAQUE },
      note: 'basic authentication is not used',
    };
    expect(redactor.payload(input)).toEqual({
      tokenType: 'bearer',
      tokenCount: '7',
      token: { fingerprint: redact('t'), tokenType: 'bearer', expiresAt: '1700000000000', value: redact(OPAQUE) },
      note: 'basic authentication is not used',
    });
  });
});

describe('a recording (JSONL through the bridge) carries none of them', () => {
  it('event types, payloads, errors and meta data are redacted inside strings', () => {
    const memory = memoryTransport();
    const bridge = createInspectorBridge({ transport: memory });
    const machine = createMachine({ id: 'm', initial: 'a', states: { a: { on: { '*': 'a' } } } });
    const actor = createActor(machine, { inspect: bridge.inspect });
    actor.start();
    actor.send({ type: `LOADED ${JWT}` });
    actor.send({ type: 'NOTE', url: new URL(`https://x.example/#access_token=${JWT}`), apiKey: OPAQUE });
    bridge.mark('log', { line: `Authorization: Bearer ${OPAQUE}`, failure: new Error(`bad ${JWT}\n`) });
    actor.stop();
    const text = toJsonl(memory.events());
    expect(text).not.toContain(JWT);
    expect(text).not.toContain(OPAQUE);
    expect(text).toContain(redact(JWT));
  });
});
