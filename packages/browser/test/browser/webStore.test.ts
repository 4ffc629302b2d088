import { ConfigurationError } from '@dcrflow/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { BrowserStorageError, webStore } from '../../src/index.ts';
import { sleep, uniqueName, withoutWebLocks } from './support/fresh.ts';

/** Writes the version fence of `key` directly, as another tab's committed write would. */
async function commitFence(key: string, version: number): Promise<void> {
  const db = await openFenceDatabase();
  await new Promise<void>((resolve, reject) => {
    const transaction = db.transaction('versions', 'readwrite');
    transaction.objectStore('versions').put(version, key);
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error);
  });
  db.close();
}

async function readFence(key: string): Promise<unknown> {
  const db = await openFenceDatabase();
  const value = await new Promise((resolve, reject) => {
    const request = db.transaction('versions', 'readonly').objectStore('versions').get(key);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  db.close();
  return value;
}

function openFenceDatabase(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open('dcrflow-webstore');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

const keys: string[] = [];
function freshKey(): string {
  const key = uniqueName('web-store');
  keys.push(key);
  return key;
}

afterEach(() => {
  for (const key of keys.splice(0)) localStorage.removeItem(key);
});

describe('webStore', () => {
  it('keeps the entry as JSON { value, version } under its key', async () => {
    const key = freshKey();
    const store = webStore({ storage: localStorage, key });
    const first = await store.set('hello', { expectedVersion: null });
    expect(first).toEqual({ ok: true, version: 1 });
    expect(JSON.parse(localStorage.getItem(key) ?? 'null')).toEqual({ value: 'hello', version: 1 });
  });

  it('shares the entry between two store objects on one key, as two tabs would', async () => {
    const key = freshKey();
    const tabA = webStore({ storage: localStorage, key });
    const tabB = webStore({ storage: localStorage, key });
    const results = await Promise.all([
      tabA.set('from A', { expectedVersion: null }),
      tabB.set('from B', { expectedVersion: null }),
    ]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    const loser = results.find((result) => !result.ok);
    const stored = await tabB.get();
    expect(loser).toEqual({ ok: false, current: stored });
    expect(await tabA.get()).toEqual(stored);
  });

  it('keeps counting versions across a delete (tombstone), so a pre-delete version never wins again', async () => {
    const key = freshKey();
    const store = webStore({ storage: localStorage, key });
    const first = await store.set('one', { expectedVersion: null });
    const second = await store.set('two', { expectedVersion: first.ok ? first.version : -1 });
    expect(second).toEqual({ ok: true, version: 2 });
    await store.delete();
    expect(await store.get()).toBeNull();
    // The tombstone takes a version of its own.
    expect(JSON.parse(localStorage.getItem(key) ?? 'null')).toEqual({ value: null, version: 3 });
    const reborn = await store.set('three', { expectedVersion: null });
    expect(reborn).toEqual({ ok: true, version: 4 });
    expect(await store.set('stale', { expectedVersion: 2 })).toEqual({
      ok: false,
      current: { value: 'three', version: 4 },
    });
  });

  it('reads foreign or damaged data as a non-JSON value with version 0, which the next write may replace', async () => {
    const key = freshKey();
    const store = webStore({ storage: localStorage, key });
    for (const damaged of ['{not json', '{"value":5,"version":1}', '{"value":"x","version":0}', '"just a string"']) {
      localStorage.setItem(key, damaged);
      const entry = await store.get();
      expect(entry?.version).toBe(0);
      expect(() => JSON.parse(entry?.value ?? '')).toThrow(SyntaxError);
    }
    expect(await store.set('fresh', { expectedVersion: null })).toMatchObject({ ok: false });
    expect(await store.set('fresh', { expectedVersion: 0 })).toEqual({ ok: true, version: 1 });
    expect(await store.get()).toEqual({ value: 'fresh', version: 1 });
  });

  it('does its compare-and-set inside the Web Lock named after the key', async () => {
    const key = freshKey();
    const store = webStore({ storage: localStorage, key });
    let settled = false;
    let write: Promise<unknown> = Promise.resolve();
    await navigator.locks.request(`dcrflow.webStore:${key}`, async () => {
      write = store.set('waited', { expectedVersion: null }).then((result) => {
        settled = true;
        return result;
      });
      await sleep(100);
      // Another holder of the lock (another tab) blocks the write.
      expect(settled).toBe(false);
      expect(localStorage.getItem(key)).toBeNull();
    });
    expect(await write).toEqual({ ok: true, version: 1 });
  });

  it('waits until its localStorage cache shows the version committed in the IndexedDB fence', async () => {
    const key = freshKey();
    const store = webStore({ storage: localStorage, key });
    await store.set('v1', { expectedVersion: null });
    // As if another tab committed version 5 and its write has not reached this page's cache yet.
    await commitFence(key, 5);
    const started = Date.now();
    const reading = store.get();
    await sleep(60);
    localStorage.setItem(key, JSON.stringify({ value: 'from the other tab', version: 5 }));
    expect(await reading).toEqual({ value: 'from the other tab', version: 5 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    expect(await store.set('next', { expectedVersion: 5 })).toEqual({ ok: true, version: 6 });
    expect(await readFence(key)).toBe(6);
  });

  it('trusts its cache after 1 s when the fence is ahead for good (key removed by hand), and writes above the fence', async () => {
    const key = freshKey();
    const store = webStore({ storage: localStorage, key });
    await store.set('v1', { expectedVersion: null });
    await commitFence(key, 9);
    localStorage.removeItem(key);
    const started = Date.now();
    expect(await store.get()).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
    expect(await store.set('again', { expectedVersion: null })).toEqual({ ok: true, version: 10 });
  });

  it('works without Web Locks (insecure origins, old browsers)', async () => {
    const key = freshKey();
    await withoutWebLocks(async () => {
      expect(navigator.locks).toBeUndefined();
      const store = webStore({ storage: localStorage, key });
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, index) => store.set(`writer-${index}`, { expectedVersion: null })),
      );
      expect(results.filter((result) => result.ok)).toHaveLength(1);
      await store.delete();
      expect(await store.get()).toBeNull();
    });
    expect(navigator.locks).toBeDefined();
  });

  it('reports a full storage as a BrowserStorageError naming the key, never the value', async () => {
    const quotaStorage: Storage = {
      length: 0,
      clear() {},
      key: () => null,
      getItem: () => null,
      removeItem() {},
      setItem() {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      },
    };
    const store = webStore({ storage: quotaStorage, key: 'full' });
    const failure = await store.set('s3cr3t-value', { expectedVersion: null }).catch((error: unknown) => error);
    expect(BrowserStorageError.is(failure)).toBe(true);
    expect((failure as Error).message).toBe('webStore could not set the key "full": the storage quota is exceeded.');
    expect((failure as BrowserStorageError).backend).toBe('webStorage');
  });

  it('rejects bad options with a ConfigurationError', () => {
    expect(() => webStore(undefined as never)).toThrow(ConfigurationError);
    expect(() => webStore({ storage: {} as Storage, key: 'k' })).toThrow(
      'webStore option "storage" must be localStorage, sessionStorage or another Storage.',
    );
    expect(() => webStore({ storage: localStorage, key: '' })).toThrow(
      'webStore option "key" must be a non-empty string.',
    );
  });
});
