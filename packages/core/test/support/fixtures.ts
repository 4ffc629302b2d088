import type { CredentialsMeta, DcrEvent, ErrorInfo, FailureKind, TokenMeta } from '../../src/index.ts';

export const credentials: CredentialsMeta = { clientId: 'client-1', secretFingerprint: '‹redacted:aaaa›', issuedAt: 0 };
export const otherCredentials: CredentialsMeta = {
  clientId: 'client-2',
  secretFingerprint: '‹redacted:bbbb›',
  issuedAt: 0,
};

/** A token obtained at `obtainedAt` with a 10 s lifetime and a 2 s refresh lead. */
export function tokenAt(obtainedAt: number, fingerprint = '‹redacted:cccc›'): TokenMeta {
  return {
    fingerprint,
    tokenType: 'bearer',
    obtainedAt,
    refreshAt: obtainedAt + 8_000,
    expiresAt: obtainedAt + 10_000,
  };
}

const errors: Record<FailureKind, ErrorInfo> = {
  transient: { code: 'transport', message: 'The network failed.' },
  throttled: { code: 'throttled', message: 'Throttled (HTTP 429).' },
  blocked: { code: 'configuration', message: 'The server answered invalid_request.' },
  credentials: { code: 'credentials_lost', message: 'The server answered invalid_client.' },
  revoked: { code: 'revoked', message: 'The server answered unapproved_software_statement.' },
};

export function failure(
  type: 'STORE.FAILED' | 'REGISTER.FAILED' | 'TOKEN.FAILED',
  kind: FailureKind,
  at = 0,
  extra: { retryAfterMs?: number; jitter?: number; error?: ErrorInfo } = {},
): DcrEvent {
  return {
    type,
    at,
    error: extra.error ?? errors[kind],
    failure: kind,
    retryAfterMs: extra.retryAfterMs ?? null,
    jitter: extra.jitter ?? 0.5,
  };
}
