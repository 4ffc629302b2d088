/**
 * Client credentials as cached by @dcrflow/core. `clientSecret` is read only to fingerprint it; it is never printed.
 *
 * @example
 * ```ts
 * const credentials: CachedCredentials = { clientId: 'c1', clientSecret: 's', issuedAt: null };
 * ```
 */
export interface CachedCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly issuedAt: number | null;
}

/**
 * The cached access token (epoch ms on the machine that obtained it).
 *
 * @example
 * ```ts
 * const token: CachedToken = { accessToken: 't', tokenType: 'bearer', obtainedAt: 0, expiresAt: 3_600_000 };
 * ```
 */
export interface CachedToken {
  readonly accessToken: string;
  readonly tokenType: string;
  readonly obtainedAt: number;
  readonly expiresAt: number;
}

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

/** The record layout @dcrflow/core writes (its `storedRecord.ts`); a new layout would get a new tag. */
const FORMAT = 'dcrflow.v1';

const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

function readCredentials(value: unknown): CachedCredentials | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { clientId, clientSecret, issuedAt } = value as Record<string, unknown>;
  if (!isText(clientId) || !isText(clientSecret) || !(issuedAt === null || isNumber(issuedAt))) return undefined;
  return { clientId, clientSecret, issuedAt };
}

function readToken(value: unknown): CachedToken | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { accessToken, tokenType, obtainedAt, expiresAt } = value as Record<string, unknown>;
  if (!isText(accessToken) || !isText(tokenType) || !isNumber(obtainedAt) || !isNumber(expiresAt)) return undefined;
  return { accessToken, tokenType, obtainedAt, expiresAt };
}

/**
 * Reads the value @dcrflow/core keeps in a credential store (`{ format: 'dcrflow.v1', registered, credentials, token }`)
 * the way core's loader does, so `dcrflow status` can show the lifecycle state without starting a client (a started
 * client would request a token at once). Never throws; problems name fields, never values.
 *
 * @example
 * ```ts
 * const record = decodeCachedRecord((await store.get())?.value ?? null);
 * if (record.kind === 'loaded') console.log(record.credentials.clientId);
 * ```
 */
export function decodeCachedRecord(value: string | null): CachedRecord {
  if (value === null) return { kind: 'empty' };
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    return { kind: 'unreadable', problem: 'the cached value is not JSON' };
  }
  if (typeof json !== 'object' || json === null)
    return { kind: 'unreadable', problem: 'the cached value is not an object' };
  const record = json as Record<string, unknown>;
  if (record.format !== FORMAT)
    return { kind: 'unreadable', problem: `the cached record is not in the ${FORMAT} format` };
  if (typeof record.registered !== 'boolean') return { kind: 'unreadable', problem: 'the field registered is missing' };
  if (record.credentials === null) {
    if (record.token !== null)
      return { kind: 'unreadable', problem: 'the cached record has a token but no credentials' };
    return record.registered ? { kind: 'lost' } : { kind: 'empty' };
  }
  const credentials = readCredentials(record.credentials);
  if (credentials === undefined) return { kind: 'unreadable', problem: 'the field credentials is malformed' };
  if (record.token === null) return { kind: 'loaded', credentials, token: null };
  const token = readToken(record.token);
  if (token === undefined) return { kind: 'unreadable', problem: 'the field token is malformed' };
  return { kind: 'loaded', credentials, token };
}
