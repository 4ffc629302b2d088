// Issue 13 (inspector item): the views hid harmless values whose key merely contains "token" (`tokenType: "bearer"`,
// `tokenCount: "7"`), while opaque secrets under `apiKey` / `credential` were shown. Both failed before the fix.
import { redact } from '@dcrflow/protocol';
import { expect, it } from 'vitest';
import { redactForDisplay } from '../src/model/redactForDisplay.ts';

it('shows tokenType and tokenCount, also below a token key, and still hides the token itself', () => {
  expect(
    redactForDisplay({
      tokenType: 'bearer',
      tokenCount: '7',
      token: { tokenType: 'bearer', expiresAt: '1700000000000', value: 'opaque-token-value' },
    }),
  ).toEqual({
    tokenType: 'bearer',
    tokenCount: '7',
    token: { tokenType: 'bearer', expiresAt: '1700000000000', value: redact('opaque-token-value') },
  });
});

it('hides opaque secrets under apiKey, x-api-key and credential', () => {
  expect(redactForDisplay({ apiKey: 'k-123456', headers: { 'x-api-key': 'k-654321' }, credential: 'c-1' })).toEqual({
    apiKey: redact('k-123456'),
    headers: { 'x-api-key': redact('k-654321') },
    credential: redact('c-1'),
  });
});
