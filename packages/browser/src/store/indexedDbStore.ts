import type { CredentialStore, StoredEntry, StoreSetResult } from '@dcrflow/core';
import { ConfigurationError } from '@dcrflow/protocol';
import { BrowserStorageError } from '../errors/BrowserStorageError.ts';
import { databaseConnection, requestResult, transactionDone } from '../indexedDb/databaseConnection.ts';

/**
 * Options of {@link indexedDbStore}.
 *
 * @example
 * ```ts
 * const options: IndexedDbStoreOptions = { name: 'my-app-dcrflow' };
 * ```
 */
export interface IndexedDbStoreOptions {
  /** The IndexedDB database name. One database per application instance. */
  readonly name: string;
  /** The object store inside it (default `'dcrflow'`); the entry is kept under the record key `'entry'`. */
  readonly storeName?: string;
}

const RECORD_KEY = 'entry';
const DEFAULT_STORE_NAME = 'dcrflow';

/** See webStore: a record that is not ours reads as a non-JSON value, i.e. `store_corrupt` in core. */
const FOREIGN_VALUE = '‹indexedDbStore: the record is not a dcrflow entry›';

interface Slot {
  readonly entry: StoredEntry | null;
  readonly version: number;
}

function isVersion(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}

function toSlot(record: unknown): Slot {
  if (record === undefined) return { entry: null, version: 0 };
  if (typeof record === 'object' && record !== null) {
    const { value, version } = record as { value?: unknown; version?: unknown };
    if (isVersion(version) && typeof value === 'string') return { entry: { value, version }, version };
    if (isVersion(version) && value === null) return { entry: null, version };
  }
  return { entry: { value: FOREIGN_VALUE, version: 0 }, version: 0 };
}

function assertOptions(options: IndexedDbStoreOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigurationError('indexedDbStore expects an options object: indexedDbStore({ name }).');
  }
  if (typeof options.name !== 'string' || options.name.length === 0) {
    throw new ConfigurationError('indexedDbStore option "name" must be a non-empty string.');
  }
  if (options.storeName !== undefined && (typeof options.storeName !== 'string' || options.storeName.length === 0)) {
    throw new ConfigurationError('indexedDbStore option "storeName" must be a non-empty string when given.');
  }
}

/**
 * A {@link CredentialStore} over IndexedDB. The entry `{ value, version }` lives in one record; `set` reads, compares
 * and writes inside one `readwrite` transaction, and IndexedDB runs `readwrite` transactions on the same store one
 * after another — across tabs and workers of the origin too — so the compare-and-set is atomic without extra locks.
 *
 * Prefer it over `webStore` when the app also runs in a worker (web storage is not available there) or when
 * `encrypted()` keeps its default key in IndexedDB anyway. A delete leaves a tombstone so versions never repeat.
 *
 * @example
 * ```ts
 * import { createDcrClient } from '@dcrflow/core';
 * import { browserCoordinator, indexedDbStore } from '@dcrflow/browser';
 * const client = createDcrClient({
 *   baseUrl: 'https://sp.auth.adobe.com',
 *   softwareStatement,
 *   store: indexedDbStore({ name: 'my-app-dcrflow' }),
 *   coordinator: browserCoordinator(),
 * });
 * ```
 */
export function indexedDbStore(options: IndexedDbStoreOptions): CredentialStore {
  assertOptions(options);
  const { name } = options;
  const storeName = options.storeName ?? DEFAULT_STORE_NAME;
  const connection = databaseConnection(name, storeName);

  const fail = (operation: 'get' | 'set' | 'delete', cause: unknown) =>
    new BrowserStorageError(`indexedDbStore could not ${operation} the entry in the database "${name}".`, {
      backend: 'indexedDb',
      operation,
      cause,
    });

  return {
    async get() {
      try {
        const db = await connection.open();
        const store = db.transaction(storeName, 'readonly').objectStore(storeName);
        return toSlot(await requestResult(store.get(RECORD_KEY))).entry;
      } catch (error) {
        throw fail('get', error);
      }
    },
    async set(value, setOptions): Promise<StoreSetResult> {
      if (typeof value !== 'string') throw new TypeError('indexedDbStore.set expects a string value.');
      try {
        const db = await connection.open();
        const transaction = db.transaction(storeName, 'readwrite');
        const store = transaction.objectStore(storeName);
        let result: StoreSetResult | undefined;
        // Callbacks, not awaits, between the read and the write: the transaction must not commit in between.
        const read = store.get(RECORD_KEY);
        read.onsuccess = () => {
          const slot = toSlot(read.result);
          const currentVersion = slot.entry === null ? null : slot.entry.version;
          if (currentVersion !== setOptions.expectedVersion) {
            result = { ok: false, current: slot.entry };
            return;
          }
          const version = slot.version + 1;
          store.put({ value, version }, RECORD_KEY);
          result = { ok: true, version };
        };
        await transactionDone(transaction);
        if (result === undefined) throw new Error('The transaction committed without reading the entry.');
        return result;
      } catch (error) {
        throw fail('set', error);
      }
    },
    async delete() {
      try {
        const db = await connection.open();
        const transaction = db.transaction(storeName, 'readwrite');
        const store = transaction.objectStore(storeName);
        const read = store.get(RECORD_KEY);
        read.onsuccess = () => {
          const slot = toSlot(read.result);
          if (slot.entry === null) return;
          if (slot.version === 0) store.delete(RECORD_KEY);
          else store.put({ value: null, version: slot.version }, RECORD_KEY);
        };
        await transactionDone(transaction);
      } catch (error) {
        throw fail('delete', error);
      }
    },
  };
}
