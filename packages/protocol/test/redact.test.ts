import { describe, expect, it } from 'vitest';
import { redact } from '../src/index.ts';

describe('redact', () => {
  it('is a short FNV-1a fingerprint: known vectors pin the algorithm', () => {
    // FNV-1a 32-bit: "" → 0x811c9dc5, "a" → 0xe40c292c; folded to 16 bits by xoring the halves.
    expect(redact('')).toBe('‹redacted:1cd9›');
    expect(redact('a')).toBe('‹redacted:cd20›');
  });

  it('is deterministic, fixed-length, and never contains the secret', () => {
    const secret = 'client-secret-4f9a8b7c6d5e';
    expect(redact(secret)).toBe(redact(secret));
    expect(redact(secret)).toMatch(/^‹redacted:[0-9a-f]{4}›$/);
    expect(redact(secret)).not.toContain(secret);
    expect(redact('x'.repeat(10_000))).toMatch(/^‹redacted:[0-9a-f]{4}›$/);
  });

  it('tells different secrets apart and fingerprints UTF-8 bytes', () => {
    expect(redact('secret-one')).not.toBe(redact('secret-two'));
    expect(redact('é')).not.toBe(redact('e'));
  });
});
