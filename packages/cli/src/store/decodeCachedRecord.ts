import { decodeStoredEntry, type StoredCredentials, type StoredToken } from '@dcrflow/core';

/**
 * Client credentials as cached by @dcrflow/core. `clientSecret` is read only to fingerprint it; it is never printed.
 *
 * @example
 * ```ts
 * const credentials: CachedCredentials = { clientId: 'c1', clientSecret: 's', issuedAt: null };
 * ```
 */
export type CachedCredentials = StoredCredentials;

/**
 * The cached access token (epoch ms on the machine that obtained it).
 *
 * @example
 * ```ts
 * const token: CachedToken = { accessToken: 't', tokenType: 'bearer', obtainedAt: 0, expiresAt: 3_600_000 };
 * ```
 */
export type CachedToken = StoredToken;

/**
 * What a cached record says, read without any request.
 *
 * @example
 * ```ts
 * const state: CachedRecord = { kind: 'lost' }; // registered once, credentials gone
 * ```
 */
export type CachedRecord =
  | { readonly kind: 'empty' }
  | { readonly kind: 'lost' }
  | { readonly kind: 'unreadable'; readonly problem: string }
  | { readonly kind: 'loaded'; readonly credentials: CachedCredentials; readonly token: CachedToken | null };

/**
 * Reads the value @dcrflow/core keeps in a credential store with core's own codec (`decodeStoredEntry`), so
 * `dcrflow status` shows the state a starting client would enter without starting one (a started client would
 * request a token at once). Never throws; problems name fields, never values.
 *
 * @example
 * ```ts
 * const record = decodeCachedRecord((await store.get())?.value ?? null);
 * if (record.kind === 'loaded') console.log(record.credentials.clientId);
 * ```
 */
export function decodeCachedRecord(value: string | null): CachedRecord {
  // The version does not matter to a reader that writes nothing.
  const decoded = decodeStoredEntry(value === null ? null : { value, version: 0 });
  switch (decoded.kind) {
    case 'empty':
    case 'lost':
      return { kind: decoded.kind };
    case 'corrupt':
      return { kind: 'unreadable', problem: decoded.problem };
    case 'loaded':
      return { kind: 'loaded', credentials: decoded.credentials, token: decoded.token };
  }
}
