import { BrowserStorageError } from '../errors/BrowserStorageError.ts';
import { databaseConnection, requestResult, transactionDone } from '../indexedDb/databaseConnection.ts';
import { isEncryptionKey } from './isEncryptionKey.ts';

/** Where the default key lives: database `dcrflow-keys`, object store `keys`, record `default`. */
export const DEFAULT_KEY_DATABASE = 'dcrflow-keys';
const KEY_STORE = 'keys';
const KEY_RECORD = 'default';

let cached: Promise<CryptoKey> | null = null;

async function loadOrCreate(): Promise<CryptoKey> {
  const connection = databaseConnection(DEFAULT_KEY_DATABASE, KEY_STORE);
  try {
    const db = await connection.open();
    const existing = await requestResult(db.transaction(KEY_STORE, 'readonly').objectStore(KEY_STORE).get(KEY_RECORD));
    if (isEncryptionKey(existing)) return existing;
    // Non-extractable: script on the page can use the key but never read its bytes (an XSS cannot copy it away).
    const fresh = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    // Add-if-absent in one readwrite transaction. IndexedDB runs readwrite transactions on a store one at a time
    // across tabs, so when two tabs start cold together exactly one key is kept and both use it.
    const transaction = db.transaction(KEY_STORE, 'readwrite');
    const store = transaction.objectStore(KEY_STORE);
    let chosen = fresh;
    const read = store.get(KEY_RECORD);
    read.onsuccess = () => {
      if (isEncryptionKey(read.result)) chosen = read.result;
      else store.put(fresh, KEY_RECORD);
    };
    await transactionDone(transaction);
    return chosen;
  } finally {
    connection.close();
  }
}

/**
 * The origin's default encryption key: an AES-GCM 256 key generated once with `extractable: false` and kept in
 * IndexedDB (`dcrflow-keys`), shared by every tab. Cached per page after the first load; a failed load is not cached.
 */
export function defaultEncryptionKey(): Promise<CryptoKey> {
  if (cached === null) {
    const loading = loadOrCreate().catch((cause: unknown) => {
      if (cached === loading) cached = null;
      throw new BrowserStorageError(
        `encrypted() could not load or create its default key in the IndexedDB database "${DEFAULT_KEY_DATABASE}".`,
        { backend: 'encryption', operation: 'key', cause },
      );
    });
    cached = loading;
  }
  return cached;
}
