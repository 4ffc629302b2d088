import * as z from 'zod/mini';
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

const finiteNumber = z.number().check(z.refine(Number.isFinite));
const nonEmpty = z.string().check(z.minLength(1));

const storedCredentialsSchema = z.object({
  clientId: nonEmpty,
  clientSecret: nonEmpty,
  issuedAt: z.nullable(finiteNumber),
});

const storedTokenSchema = z.object({
  accessToken: nonEmpty,
  tokenType: nonEmpty,
  obtainedAt: finiteNumber,
  expiresAt: finiteNumber,
});

/**
 * The record core keeps in a {@link CredentialStore} entry. `registered` stays `true` once this application instance
 * has registered, even after its credentials are gone, so a later start can tell "never registered" (register
 * quietly) from "credentials lost" (register and tell the app the user must re-authenticate — DCR FAQ).
 */
const storedRecordSchema = z.object({
  format: z.literal(STORED_RECORD_FORMAT),
  registered: z.boolean(),
  credentials: z.nullable(storedCredentialsSchema),
  token: z.nullable(storedTokenSchema),
});

/**
 * Client credentials as core stores them (the secret included: a store keeps it; nothing else may print it).
 *
 * @example
 * ```ts
 * const credentials: StoredCredentials = { clientId: 'c1', clientSecret: 's1', issuedAt: null };
 * ```
 */
export type StoredCredentials = z.infer<typeof storedCredentialsSchema>;
/**
 * An access token as core stores it (epoch ms on the clock of the instance that obtained it).
 *
 * @example
 * ```ts
 * const token: StoredToken = { accessToken: 't1', tokenType: 'bearer', obtainedAt: 0, expiresAt: 3_600_000 };
 * ```
 */
export type StoredToken = z.infer<typeof storedTokenSchema>;
/**
 * The whole record core keeps in one store entry.
 *
 * @example
 * ```ts
 * const record: StoredRecord = { format: 'dcrflow.v1', registered: true, credentials: null, token: null };
 * ```
 */
export type StoredRecord = z.infer<typeof storedRecordSchema>;

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
  const parsed = storedRecordSchema.safeParse(json);
  if (!parsed.success) {
    const paths = parsed.error.issues.map((issue) => issue.path.join('.') || '(root)');
    return {
      kind: 'corrupt',
      version: entry.version,
      problem: `the stored record does not fit the ${STORED_RECORD_FORMAT} schema (at ${[...new Set(paths)].join(', ')})`,
    };
  }
  const record = parsed.data;
  if (record.credentials === null) {
    if (record.token !== null) {
      return { kind: 'corrupt', version: entry.version, problem: 'the stored record has a token but no credentials' };
    }
    return record.registered ? { kind: 'lost', version: entry.version } : { kind: 'empty', version: entry.version };
  }
  return { kind: 'loaded', version: entry.version, credentials: record.credentials, token: record.token };
}
