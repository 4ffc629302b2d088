import * as z from 'zod/mini';
import type { StoredEntry } from '../ports/CredentialStore.ts';

/** The format tag of every record core writes; a new layout gets a new tag. */
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

export type StoredCredentials = z.infer<typeof storedCredentialsSchema>;
export type StoredToken = z.infer<typeof storedTokenSchema>;
export type StoredRecord = z.infer<typeof storedRecordSchema>;

/** What an entry read from the store means for the lifecycle. */
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

/** Serialises a record for {@link CredentialStore.set}. */
export function encodeStoredRecord(record: Omit<StoredRecord, 'format'>): string {
  return JSON.stringify({ format: STORED_RECORD_FORMAT, ...record });
}

/**
 * Validates an entry read from the store. Never throws: anything that does not parse or fit the schema is `corrupt`
 * (treated as lost credentials), so a damaged store can never crash the client. Problems name paths, never values
 * (the value holds secrets).
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
