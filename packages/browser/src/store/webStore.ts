import type { CredentialStore, StoredEntry, StoreSetResult } from '@dcrflow/core';
import { ConfigurationError } from '@dcrflow/protocol';
import { BrowserStorageError } from '../errors/BrowserStorageError.ts';
import { storageChange } from './storageChange.ts';
import { type VersionFence, versionFence } from './versionFence.ts';
import { withStoreLock } from './withStoreLock.ts';

// Bundlers define it; declared here rather than through @types/node, which the build does not load.
declare const process: { readonly env: { readonly NODE_ENV?: string } };

/**
 * Options of {@link webStore}.
 *
 * @example
 * ```ts
 * const options: WebStoreOptions = { storage: localStorage, key: 'dcrflow:my-app' };
 * ```
 */
export interface WebStoreOptions {
  /**
   * `localStorage` (shared by every tab of the origin, survives restarts — the usual choice) or `sessionStorage`
   * (this tab only, gone when the tab closes: every new tab registers again, so use it only for kiosk-like apps).
   */
  readonly storage: Storage;
  /** The storage key that holds the entry. One key per application instance. */
  readonly key: string;
}

/** What the key holds: the entry, or a tombstone (`value: null`) that remembers the last version after a delete. */
interface Slot {
  readonly entry: StoredEntry | null;
  readonly version: number;
  /** The key holds something that is not a webStore entry. */
  readonly foreign: boolean;
}

/**
 * Returned by `get()` when the key holds something that is not a webStore entry (written by other code, or damaged).
 * It is not JSON, so core's decoder reports `store_corrupt` and treats the credentials as lost, and the next write
 * (with `expectedVersion: 0`) replaces it.
 */
const FOREIGN_VALUE = '‹webStore: the key holds data that is not a dcrflow entry›';

function isVersion(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}

function readSlot(storage: Storage, key: string): Slot {
  const raw = storage.getItem(key);
  if (raw === null) return { entry: null, version: 0, foreign: false };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { entry: { value: FOREIGN_VALUE, version: 0 }, version: 0, foreign: true };
  }
  if (typeof parsed === 'object' && parsed !== null) {
    const { value, version } = parsed as { value?: unknown; version?: unknown };
    if (isVersion(version) && typeof value === 'string') return { entry: { value, version }, version, foreign: false };
    if (isVersion(version) && value === null) return { entry: null, version, foreign: false };
  }
  return { entry: { value: FOREIGN_VALUE, version: 0 }, version: 0, foreign: true };
}

function storageFailure(operation: 'get' | 'set' | 'delete', key: string, cause: unknown): BrowserStorageError {
  const reason =
    cause instanceof DOMException && cause.name === 'QuotaExceededError'
      ? 'the storage quota is exceeded'
      : 'the browser refused the storage access';
  return new BrowserStorageError(`webStore could not ${operation} the key "${key}": ${reason}.`, {
    backend: 'webStorage',
    operation,
    cause,
  });
}

function assertOptions(options: WebStoreOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw ConfigurationError.forOption(
      'webStore options',
      process.env.NODE_ENV !== 'production' &&
        'webStore expects an options object: webStore({ storage: localStorage, key }).',
    );
  }
  const { storage, key } = options;
  if (
    typeof storage !== 'object' ||
    storage === null ||
    typeof storage.getItem !== 'function' ||
    typeof storage.setItem !== 'function' ||
    typeof storage.removeItem !== 'function'
  ) {
    throw ConfigurationError.forOption(
      'webStore storage',
      process.env.NODE_ENV !== 'production' &&
        'webStore option "storage" must be localStorage, sessionStorage or another Storage.',
    );
  }
  if (typeof key !== 'string' || key.length === 0) {
    throw ConfigurationError.forOption(
      'webStore key',
      process.env.NODE_ENV !== 'production' && 'webStore option "key" must be a non-empty string.',
    );
  }
}

/** How long a reader waits for its localStorage cache to show the committed version before trusting the cache. */
const CATCH_UP_LIMIT_MS = 1_000;
const CATCH_UP_POLL_MS = 5;

function isLocalStorage(storage: Storage): boolean {
  try {
    return storage === (globalThis as { localStorage?: Storage }).localStorage;
  } catch {
    return false;
  }
}

/**
 * A {@link CredentialStore} over `localStorage` or `sessionStorage`. The key holds the JSON `{ value, version }`;
 * `set` is a compare-and-set on `version`.
 *
 * Why a Web Lock: web storage has no cross-tab transaction (the spec's storage mutex was never implemented), so two
 * tabs could both read version 3 and both write version 4. The read-compare-write therefore runs inside the Web Lock
 * `dcrflow.webStore:<key>` when `navigator.locks` exists; without Web Locks (insecure `http:` origins, old browsers)
 * this page's writes take turns and the coordinator's lock (`browserCoordinator`) keeps tabs apart.
 *
 * Why a version fence (localStorage only): Chromium answers `localStorage` reads from a per-process cache that other
 * tabs' writes reach asynchronously — a tab handed a lock right after a peer wrote reads the old entry about one time
 * in three. Each write therefore also records its version in IndexedDB (`dcrflow-webstore`, transactional), and every
 * read first learns the committed version there and waits (on `storage` events, at most 1 s) until the cache shows
 * it. Without IndexedDB the fence is skipped. `sessionStorage` belongs to one tab and needs no fence.
 *
 * A delete leaves a tombstone `{ value: null, version }`, so versions keep increasing and a writer holding a
 * pre-delete version can never overwrite a newer registration (no ABA).
 *
 * @example
 * ```ts
 * import { createDcrClient } from '@dcrflow/core';
 * import { browserCoordinator, webStore } from '@dcrflow/browser';
 * const client = createDcrClient({
 *   baseUrl: 'https://sp.auth.adobe.com',
 *   softwareStatement,
 *   store: webStore({ storage: localStorage, key: 'dcrflow:my-app' }),
 *   coordinator: browserCoordinator(),
 * });
 * ```
 */
export function webStore(options: WebStoreOptions): CredentialStore {
  assertOptions(options);
  const { storage, key } = options;
  const lockName = `dcrflow.webStore:${key}`;
  const fence: VersionFence | null = isLocalStorage(storage) ? versionFence(key) : null;

  const read = (operation: 'get' | 'set' | 'delete'): Slot => {
    try {
      return readSlot(storage, key);
    } catch (error) {
      throw storageFailure(operation, key, error);
    }
  };
  const committedVersion = async (): Promise<number> => {
    if (fence === null) return 0;
    try {
      return await fence.read();
    } catch {
      // No IndexedDB (blocked, unavailable): read without the fence.
      return 0;
    }
  };
  /** The slot once this page's cache shows at least the committed version (or the wait limit passed). */
  const caughtUp = async (operation: 'get' | 'set' | 'delete'): Promise<{ slot: Slot; committed: number }> => {
    const committed = await committedVersion();
    const deadline = Date.now() + CATCH_UP_LIMIT_MS;
    let slot = read(operation);
    // Foreign data is not a stale copy of ours; past the limit the cache is the truth (e.g. the key was removed by
    // hand while the fence stayed).
    while (!slot.foreign && slot.version < committed && Date.now() < deadline) {
      await storageChange(key, CATCH_UP_POLL_MS);
      slot = read(operation);
    }
    return { slot, committed };
  };
  const write = async (operation: 'set' | 'delete', value: string | null, version: number) => {
    try {
      storage.setItem(key, JSON.stringify({ value, version }));
    } catch (error) {
      throw storageFailure(operation, key, error);
    }
    // Best effort: a fence left behind only makes readers trust their cache sooner.
    await fence?.commit(version).catch(() => undefined);
  };

  return {
    async get() {
      return (await caughtUp('get')).slot.entry;
    },
    set(value, setOptions): Promise<StoreSetResult> {
      if (typeof value !== 'string') return Promise.reject(new TypeError('webStore.set expects a string value.'));
      return withStoreLock(lockName, async () => {
        const { slot, committed } = await caughtUp('set');
        const currentVersion = slot.entry === null ? null : slot.entry.version;
        if (currentVersion !== setOptions.expectedVersion) return { ok: false, current: slot.entry };
        // Never below the fence: a replaced foreign value restarts at 0 locally but not for the other tabs.
        const version = Math.max(slot.version, committed) + 1;
        await write('set', value, version);
        return { ok: true, version };
      });
    },
    delete() {
      return withStoreLock(lockName, async () => {
        const { slot, committed } = await caughtUp('delete');
        if (slot.entry === null) return;
        // The tombstone takes a new version too, so a reader still holding the pre-delete entry sees it is stale.
        await write('delete', null, Math.max(slot.version, committed) + 1);
      });
    },
  };
}
