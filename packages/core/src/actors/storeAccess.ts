import { redact } from '@dcrflow/protocol';
import type { VaultCredentials, VaultToken } from '../client/createVault.ts';
import { StoreError } from '../errors/StoreError.ts';
import { tokenSchedule } from '../machine/tokenSchedule.ts';
import type { CredentialsMeta, TokenMeta } from '../machine/types.ts';
import type { StoredEntry, StoreSetResult } from '../ports/CredentialStore.ts';
import { type DecodedEntry, decodeStoredEntry, encodeStoredRecord } from '../store/storedRecord.ts';
import type { LifecycleDeps } from './LifecycleDeps.ts';

const describe = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

function isEntry(value: unknown): value is StoredEntry {
  const entry = value as StoredEntry | null;
  return (
    typeof entry === 'object' && entry !== null && typeof entry.value === 'string' && typeof entry.version === 'number'
  );
}

/** Reads and decodes the store entry; a throwing or misbehaving store becomes a `StoreError`. */
export async function readStore(deps: LifecycleDeps): Promise<DecodedEntry> {
  let entry: unknown;
  try {
    entry = await deps.store.get();
  } catch (error) {
    throw new StoreError(`Reading the credential store failed (${describe(error)}).`);
  }
  if (entry !== null && !isEntry(entry)) {
    throw new StoreError('The credential store returned something that is not a { value, version } entry.');
  }
  const decoded = decodeStoredEntry(entry);
  deps.vault.storeVersion = decoded.version;
  return decoded;
}

/** What core writes: a registration marker, credentials (or none after a loss) and a token (or none). */
export interface RecordToWrite {
  readonly credentials: VaultCredentials | null;
  readonly token: VaultToken | null;
}

/** Compare-and-set write of a record; a throwing or misbehaving store becomes a `StoreError`. */
export async function writeStore(
  deps: LifecycleDeps,
  record: RecordToWrite,
  expectedVersion: number | null,
): Promise<{ ok: true; version: number } | { ok: false; current: DecodedEntry }> {
  const value = encodeStoredRecord({ registered: true, credentials: record.credentials, token: record.token });
  let result: StoreSetResult;
  try {
    result = await deps.store.set(value, { expectedVersion });
  } catch (error) {
    throw new StoreError(`Writing the credential store failed (${describe(error)}).`);
  }
  if (result?.ok === true && typeof result.version === 'number') {
    // Before the broadcast: this instance's own notice reaches its own subscription too, and must be recognised.
    deps.vault.storeVersion = result.version;
    deps.coordinator.broadcast({
      type: 'stored',
      version: result.version,
      clientId: record.credentials?.clientId ?? null,
    });
    return { ok: true, version: result.version };
  }
  if (result?.ok === false && (result.current === null || isEntry(result.current))) {
    const current = decodeStoredEntry(result.current);
    deps.vault.storeVersion = current.version;
    return { ok: false, current };
  }
  throw new StoreError('The credential store returned an invalid compare-and-set result.');
}

/** Non-secret facts about credentials, for the machine. */
export function credentialsMeta(credentials: VaultCredentials): CredentialsMeta {
  return {
    clientId: credentials.clientId,
    secretFingerprint: redact(credentials.clientSecret),
    issuedAt: credentials.issuedAt,
  };
}

/** Non-secret facts about a token, with its refresh deadline, for the machine. */
export function tokenMeta(token: VaultToken, refreshLeadSeconds: number | null): TokenMeta {
  const schedule = tokenSchedule({ obtainedAt: token.obtainedAt, expiresAt: token.expiresAt, refreshLeadSeconds });
  return {
    fingerprint: redact(token.accessToken),
    tokenType: token.tokenType,
    obtainedAt: token.obtainedAt,
    refreshAt: schedule.refreshAt,
    expiresAt: token.expiresAt,
  };
}

/** How many times a write retries after losing a compare-and-set to a writer that did not take the lock. */
export const MAX_WRITE_CONFLICTS = 5;
