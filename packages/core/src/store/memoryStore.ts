import type { CredentialStore, StoredEntry, StoreSetResult } from '../ports/CredentialStore.ts';

/**
 * A {@link CredentialStore} that keeps the entry in memory: for tests, short-lived processes, and as the reference
 * implementation of the store contract. Nothing survives a restart, so a fresh process registers again — use a
 * persistent store (`@dcrflow/browser`, `@dcrflow/node`) in real apps.
 *
 * @example
 * ```ts
 * import { createDcrClient, memoryStore } from '@dcrflow/core';
 * const client = createDcrClient({ baseUrl, softwareStatement, store: memoryStore() });
 * ```
 */
export function memoryStore(initial?: string): CredentialStore {
  let entry: StoredEntry | null = initial === undefined ? null : { value: initial, version: 1 };
  // Versions keep increasing across deletes so a writer holding a pre-delete version can never win.
  let lastVersion = entry?.version ?? 0;
  return {
    async get() {
      return entry;
    },
    async set(value, options): Promise<StoreSetResult> {
      if (typeof value !== 'string') throw new TypeError('memoryStore.set expects a string value.');
      const currentVersion = entry === null ? null : entry.version;
      if (currentVersion !== options.expectedVersion) return { ok: false, current: entry };
      lastVersion += 1;
      entry = { value, version: lastVersion };
      return { ok: true, version: lastVersion };
    },
    async delete() {
      entry = null;
    },
  };
}
