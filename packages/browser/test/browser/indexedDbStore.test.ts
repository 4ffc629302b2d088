import { ConfigurationError } from '@dcrflow/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { indexedDbStore } from '../../src/index.ts';
import { deleteDatabase, uniqueName } from './support/fresh.ts';

const databases: string[] = [];
function freshName(): string {
  const name = uniqueName('idb-store');
  databases.push(name);
  return name;
}

afterEach(async () => {
  for (const name of databases.splice(0)) await deleteDatabase(name);
});

/** Reads a record straight from IndexedDB, bypassing the store. */
async function readRecord(name: string, storeName: string): Promise<unknown> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  try {
    return await new Promise((resolve, reject) => {
      const request = db.transaction(storeName, 'readonly').objectStore(storeName).get('entry');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  } finally {
    db.close();
  }
}

describe('indexedDbStore', () => {
  it('keeps { value, version } in the record "entry" of the object store "dcrflow"', async () => {
    const name = freshName();
    const store = indexedDbStore({ name });
    await store.set('hello', { expectedVersion: null });
    expect(await readRecord(name, 'dcrflow')).toEqual({ value: 'hello', version: 1 });
  });

  it('lets exactly one of two store objects on one database win, as two tabs would', async () => {
    const name = freshName();
    const tabs = [indexedDbStore({ name }), indexedDbStore({ name }), indexedDbStore({ name })];
    const results = await Promise.all(tabs.map((tab, index) => tab.set(`tab-${index}`, { expectedVersion: null })));
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    const stored = await tabs[0]?.get();
    for (const result of results) if (!result.ok) expect(result.current).toEqual(stored);
  });

  it('keeps counting versions across a delete', async () => {
    const name = freshName();
    const store = indexedDbStore({ name });
    await store.set('one', { expectedVersion: null });
    await store.delete();
    expect(await store.get()).toBeNull();
    expect(await readRecord(name, 'dcrflow')).toEqual({ value: null, version: 1 });
    expect(await store.set('two', { expectedVersion: null })).toEqual({ ok: true, version: 2 });
  });

  it('adds its object store to an existing database without touching the other stores', async () => {
    const name = freshName();
    const first = indexedDbStore({ name, storeName: 'first' });
    await first.set('kept', { expectedVersion: null });
    const second = indexedDbStore({ name, storeName: 'second' });
    expect(await second.get()).toBeNull();
    await second.set('other', { expectedVersion: null });
    expect(await first.get()).toEqual({ value: 'kept', version: 1 });
    expect(await second.get()).toEqual({ value: 'other', version: 1 });
  });

  it('never blocks another tab deleting the database, and re-opens afterwards', async () => {
    const name = freshName();
    const store = indexedDbStore({ name });
    await store.set('before', { expectedVersion: null });
    // Resolves only if the store's open connection closes on versionchange.
    await deleteDatabase(name);
    expect(await store.get()).toBeNull();
    expect(await store.set('after', { expectedVersion: null })).toEqual({ ok: true, version: 1 });
  });

  it('reads a record that is not a dcrflow entry as a non-JSON value with version 0', async () => {
    const name = freshName();
    const store = indexedDbStore({ name });
    await store.set('x', { expectedVersion: null });
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    await new Promise<void>((resolve, reject) => {
      const transaction = db.transaction('dcrflow', 'readwrite');
      transaction.objectStore('dcrflow').put({ something: 'else' }, 'entry');
      transaction.oncomplete = () => resolve();
      transaction.onerror = () => reject(transaction.error);
    });
    db.close();
    const entry = await store.get();
    expect(entry?.version).toBe(0);
    expect(() => JSON.parse(entry?.value ?? '')).toThrow(SyntaxError);
    expect(await store.set('repaired', { expectedVersion: 0 })).toEqual({ ok: true, version: 1 });
  });

  it('rejects bad options with a ConfigurationError', () => {
    expect(() => indexedDbStore(null as never)).toThrow(ConfigurationError);
    expect(() => indexedDbStore({ name: '' })).toThrow('indexedDbStore option "name" must be a non-empty string.');
    expect(() => indexedDbStore({ name: 'x', storeName: '' })).toThrow(
      'indexedDbStore option "storeName" must be a non-empty string when given.',
    );
  });
});
