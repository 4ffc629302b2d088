import { databaseConnection, requestResult, transactionDone } from '../indexedDb/databaseConnection.ts';

/**
 * The latest version committed to a web storage key, kept where every tab reads the same truth: IndexedDB.
 *
 * Why: Chromium serves `localStorage` reads from a per-process cache that other tabs' writes reach asynchronously, so
 * a tab that has just been handed a lock can still read the entry as it was before the previous holder's write —
 * measured here in about one handoff in three. Versions in IndexedDB are transactional, so a reader learns which
 * version it must see and waits until its cache has it.
 */
export interface VersionFence {
  /** The latest committed version, 0 when none was recorded. */
  read(): Promise<number>;
  /** Records `version` as committed (never lowers the recorded one). */
  commit(version: number): Promise<void>;
}

/** IndexedDB database of the fences: one record per web storage key. */
export const FENCE_DATABASE = 'dcrflow-webstore';
const FENCE_STORE = 'versions';

/** A fence for `key` in IndexedDB. */
export function versionFence(key: string): VersionFence {
  const connection = databaseConnection(FENCE_DATABASE, FENCE_STORE);
  return {
    async read() {
      const db = await connection.open();
      const value = await requestResult(db.transaction(FENCE_STORE, 'readonly').objectStore(FENCE_STORE).get(key));
      return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : 0;
    },
    async commit(version) {
      const db = await connection.open();
      const transaction = db.transaction(FENCE_STORE, 'readwrite');
      const store = transaction.objectStore(FENCE_STORE);
      const read = store.get(key);
      read.onsuccess = () => {
        const current = typeof read.result === 'number' ? read.result : 0;
        if (version > current) store.put(version, key);
      };
      await transactionDone(transaction);
    },
  };
}
