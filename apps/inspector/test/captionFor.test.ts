import { describe, expect, it } from 'vitest';
import { captionFor } from '../src/teaching/captionFor.ts';

describe('captionFor (guided teaching, issue 9)', () => {
  it('says what happened, the whole micro-step chain, and why it matters', () => {
    expect(
      captionFor('STORE.EMPTY', [
        { source: 'dcr.loading.reading', targets: ['dcr.unregistered'], eventType: 'STORE.EMPTY' },
        { source: 'dcr.unregistered', targets: ['dcr.registering'], eventType: '', guard: 'hasSoftwareStatement' },
      ]),
    ).toBe(
      'STORE.EMPTY: loading.reading → unregistered → registering — no credentials are stored yet, so this instance must register.',
    );
    expect(
      captionFor('xstate.after.refreshAt.dcr.tokenValid', [
        { source: 'dcr.tokenValid', targets: ['dcr.expiring'], eventType: 'xstate.after.refreshAt.dcr.tokenValid' },
      ]),
    ).toBe(
      'xstate.after.refreshAt.dcr.tokenValid: tokenValid → expiring — the refresh lead began: renew the token with the stored credentials, never re-register.',
    );
  });

  it('falls back to the plain path for events it does not know, and says when nothing changed', () => {
    expect(captionFor('PING', [{ source: 'm.a', targets: ['m.b'], eventType: 'PING' }])).toBe('PING: a → b.');
    expect(captionFor('PING', [])).toBe('PING: no state change.');
  });
});
