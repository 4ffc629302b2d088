import { BrowserStorageError } from '../errors/BrowserStorageError.ts';

/** A lazily opened, self-healing IndexedDB connection holding one object store. */
export interface DatabaseConnection {
  /** The open database (opened, upgraded or re-opened as needed). */
  open(): Promise<IDBDatabase>;
  /** Closes the current connection, if any; the next `open()` opens a new one. */
  close(): void;
}

function indexedDbFactory(): IDBFactory {
  const factory = (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (factory === undefined || factory === null) {
    throw new BrowserStorageError('IndexedDB is not available in this environment.', {
      backend: 'indexedDb',
      operation: 'get',
    });
  }
  return factory;
}

function openOnce(name: string, storeName: string, version: number | undefined): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    let request: IDBOpenDBRequest;
    try {
      request = version === undefined ? indexedDbFactory().open(name) : indexedDbFactory().open(name, version);
    } catch (error) {
      reject(error);
      return;
    }
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(storeName)) db.createObjectStore(storeName);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/**
 * Opens `name` so that it holds the object store `storeName`, upgrading the database by one version when the store is
 * missing (a database created earlier by another `storeName`).
 */
async function openWithStore(name: string, storeName: string): Promise<IDBDatabase> {
  // Two tabs may race to add the same store; the loser sees it present after its own upgrade attempt, hence the loop.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const db = await openOnce(name, storeName, undefined);
    if (db.objectStoreNames.contains(storeName)) return db;
    const nextVersion = db.version + 1;
    db.close();
    try {
      const upgraded = await openOnce(name, storeName, nextVersion);
      if (upgraded.objectStoreNames.contains(storeName)) return upgraded;
      upgraded.close();
    } catch (error) {
      // VersionError: another tab upgraded first; open again at its version.
      if (!(error instanceof DOMException && error.name === 'VersionError')) throw error;
    }
  }
  throw new Error(`IndexedDB database "${name}" could not be given the object store "${storeName}".`);
}

/**
 * A connection to the IndexedDB database `name` that opens on first use and closes itself when another tab wants to
 * upgrade or delete the database (`versionchange`), so this tab never blocks others; the next call re-opens it.
 */
export function databaseConnection(name: string, storeName: string): DatabaseConnection {
  let current: Promise<IDBDatabase> | null = null;
  let currentDb: IDBDatabase | null = null;
  const forget = (db: IDBDatabase) => {
    db.close();
    if (currentDb === db) {
      currentDb = null;
      current = null;
    }
  };
  return {
    open() {
      if (current === null) {
        const opening = openWithStore(name, storeName).then((db) => {
          db.onversionchange = () => forget(db);
          // Fired when the browser closes the connection abnormally (storage cleared, disk error).
          db.onclose = () => forget(db);
          if (current === opening) currentDb = db;
          return db;
        });
        current = opening;
        // A failed open must not be cached: the next call tries again.
        opening.catch(() => {
          if (current === opening) current = null;
        });
      }
      return current;
    },
    close() {
      const open = current;
      current = null;
      currentDb = null;
      void open?.then(
        (db) => db.close(),
        () => undefined,
      );
    },
  };
}

/** The result of an IndexedDB request as a promise. */
export function requestResult<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Resolves when `transaction` commits; rejects when it aborts or fails. */
export function transactionDone(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onabort = () =>
      reject(transaction.error ?? new DOMException('The transaction was aborted.', 'AbortError'));
    transaction.onerror = () => reject(transaction.error);
  });
}
