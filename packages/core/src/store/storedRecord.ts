import type { StoredEntry } from '../ports/CredentialStore.ts';

/**
 * The format tag of every record core writes; a new layout gets a new tag.
 *
 * @example
 * ```ts
 * JSON.parse((await store.get())!.value).format === STORED_RECORD_FORMAT; // 'dcrflow.v1'
 * ```
 */
export const STORED_RECORD_FORMAT = 'dcrflow.v1';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isNonEmpty = (value: unknown): value is string => typeof value === 'string' && value !== '';

type Check = (value: unknown) => boolean;

// The fields of the two nested objects and what each must hold; only these are kept from a stored record.
const CREDENTIAL_FIELDS: Readonly<Record<keyof StoredCredentials, Check>> = {
  clientId: isNonEmpty,
  clientSecret: isNonEmpty,
  issuedAt: (value) => value === null || isFiniteNumber(value),
};
const TOKEN_FIELDS: Readonly<Record<keyof StoredToken, Check>> = {
  accessToken: isNonEmpty,
  tokenType: isNonEmpty,
  obtainedAt: isFiniteNumber,
  expiresAt: isFiniteNumber,
};

/**
 * The paths of a parsed record that do not fit the record core keeps in a {@link CredentialStore} entry, checked by
 * hand rather than with a zod schema to keep zod off the browser client's path (decision 0015). `registered` stays
 * `true` once this application instance has registered, even after its credentials are gone, so a later start can
 * tell "never registered" (register quietly) from "credentials lost" (register and tell the app the user must
 * re-authenticate — DCR FAQ).
 */
function misfits(json: unknown): string[] {
  if (!isRecord(json)) return ['(root)'];
  const paths: string[] = [];
  if (json.format !== STORED_RECORD_FORMAT) paths.push('format');
  if (typeof json.registered !== 'boolean') paths.push('registered');
  for (const [name, fields] of [
    ['credentials', CREDENTIAL_FIELDS],
    ['token', TOKEN_FIELDS],
  ] as const) {
    const value = json[name];
    if (value === null) continue;
    if (!isRecord(value)) paths.push(name);
    else for (const [key, check] of Object.entries(fields)) if (!check(value[key])) paths.push(`${name}.${key}`);
  }
  return paths;
}

/** A copy of `value` with only the fields listed (what the schema this replaced kept). */
function pick<T>(value: T, fields: Readonly<Record<keyof T, Check>>): T {
  const copy: Partial<T> = {};
  for (const key in fields) copy[key] = value[key];
  return copy as T;
}

/**
 * Client credentials as core stores them (the secret included: a store keeps it; nothing else may print it).
 *
 * @example
 * ```ts
 * const credentials: StoredCredentials = { clientId: 'c1', clientSecret: 's1', issuedAt: null };
 * ```
 */
export interface StoredCredentials {
  clientId: string;
  clientSecret: string;
  issuedAt: number | null;
}
/**
 * An access token as core stores it (epoch ms on the clock of the instance that obtained it).
 *
 * @example
 * ```ts
 * const token: StoredToken = { accessToken: 't1', tokenType: 'bearer', obtainedAt: 0, expiresAt: 3_600_000 };
 * ```
 */
export interface StoredToken {
  accessToken: string;
  tokenType: string;
  obtainedAt: number;
  expiresAt: number;
}
/**
 * The whole record core keeps in one store entry.
 *
 * @example
 * ```ts
 * const record: StoredRecord = { format: 'dcrflow.v1', registered: true, credentials: null, token: null };
 * ```
 */
export interface StoredRecord {
  format: typeof STORED_RECORD_FORMAT;
  registered: boolean;
  credentials: StoredCredentials | null;
  token: StoredToken | null;
}

/**
 * What an entry read from the store means for the lifecycle (the `loading` state's four ways out).
 *
 * @example
 * ```ts
 * const decoded: DecodedEntry = decodeStoredEntry(await store.get());
 * if (decoded.kind === 'corrupt') console.warn(decoded.problem);
 * ```
 */
export type DecodedEntry =
  | { readonly kind: 'empty'; readonly version: number | null }
  | { readonly kind: 'lost'; readonly version: number }
  | { readonly kind: 'corrupt'; readonly version: number; readonly problem: string }
  | {
      readonly kind: 'loaded';
      readonly version: number;
      readonly credentials: StoredCredentials;
      readonly token: StoredToken | null;
    };

/**
 * Serialises a record for {@link CredentialStore.set}, tagged with {@link STORED_RECORD_FORMAT}.
 *
 * @example
 * ```ts
 * await store.set(encodeStoredRecord({ registered: true, credentials, token: null }), { expectedVersion: null });
 * ```
 */
export function encodeStoredRecord(record: Omit<StoredRecord, 'format'>): string {
  return JSON.stringify({ format: STORED_RECORD_FORMAT, ...record });
}

/**
 * Validates an entry read from the store. Never throws: anything that does not parse or fit the schema is `corrupt`
 * (treated as lost credentials), so a damaged store can never crash the client. Problems name paths, never values
 * (the value holds secrets). Tools that read a store without running a client (the CLI's `status`) use it too, so they
 * see exactly what a starting client would.
 *
 * @example
 * ```ts
 * import { decodeStoredEntry } from '@dcrflow/core';
 * const decoded = decodeStoredEntry(await store.get());
 * if (decoded.kind === 'loaded') console.log(decoded.credentials.clientId);
 * ```
 */
export function decodeStoredEntry(entry: StoredEntry | null): DecodedEntry {
  if (entry === null) return { kind: 'empty', version: null };
  let json: unknown;
  try {
    json = JSON.parse(entry.value);
  } catch {
    return { kind: 'corrupt', version: entry.version, problem: 'the stored value is not JSON' };
  }
  const paths = misfits(json);
  if (paths.length > 0) {
    return {
      kind: 'corrupt',
      version: entry.version,
      problem: `the stored record does not fit the ${STORED_RECORD_FORMAT} schema (at ${paths.join(', ')})`,
    };
  }
  const record = json as StoredRecord;
  if (record.credentials === null) {
    if (record.token !== null) {
      return { kind: 'corrupt', version: entry.version, problem: 'the stored record has a token but no credentials' };
    }
    return record.registered ? { kind: 'lost', version: entry.version } : { kind: 'empty', version: entry.version };
  }
  // Only the known fields (anything else in the entry is not core's).
  return {
    kind: 'loaded',
    version: entry.version,
    credentials: pick(record.credentials, CREDENTIAL_FIELDS),
    token: record.token === null ? null : pick(record.token, TOKEN_FIELDS),
  };
}
