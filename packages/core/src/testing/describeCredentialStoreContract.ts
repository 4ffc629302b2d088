import { describe, expect, it } from 'vitest';
import type { CredentialStore, StoredEntry } from '../ports/CredentialStore.ts';

/**
 * Options of {@link describeCredentialStoreContract}.
 *
 * @example
 * ```ts
 * const options: CredentialStoreContractOptions = { cleanup: async (store) => store.delete() };
 * ```
 */
export interface CredentialStoreContractOptions {
  /** Called after each test with the store it used (close connections, remove files). */
  cleanup?: (store: CredentialStore) => Promise<void> | void;
  /** How many concurrent writers race in the "exactly one winner" test. Default 8. */
  concurrentWriters?: number;
}

/**
 * The contract every {@link CredentialStore} adapter must pass, as a vitest suite: round trip, versions,
 * compare-and-set conflicts (the loser gets `ok: false` with the winner's entry and never overwrites it), racing
 * writers (exactly one wins), delete, and values with unicode and 64 KiB. `makeStore` must return a fresh, empty
 * store each time.
 *
 * @example
 * ```ts
 * import { describeCredentialStoreContract } from '@dcrflow/core/testing';
 * import { memoryStore } from '@dcrflow/core';
 *
 * describeCredentialStoreContract('memoryStore', () => memoryStore());
 * ```
 */
export function describeCredentialStoreContract(
  name: string,
  makeStore: () => Promise<CredentialStore> | CredentialStore,
  options: CredentialStoreContractOptions = {},
): void {
  const withStore = (test: (store: CredentialStore) => Promise<void>) => async () => {
    const store = await makeStore();
    try {
      await test(store);
    } finally {
      await options.cleanup?.(store);
    }
  };
  const expectEntry = (entry: StoredEntry | null, value: string, version?: number) => {
    expect(entry).not.toBeNull();
    expect(entry?.value).toBe(value);
    if (version !== undefined) expect(entry?.version).toBe(version);
  };

  describe(`CredentialStore contract: ${name}`, () => {
    it(
      'starts empty',
      withStore(async (store) => {
        expect(await store.get()).toBeNull();
      }),
    );

    it(
      'round-trips a value and reports its version',
      withStore(async (store) => {
        const result = await store.set('first', { expectedVersion: null });
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        expect(Number.isFinite(result.version)).toBe(true);
        expectEntry(await store.get(), 'first', result.version);
      }),
    );

    it(
      'increments the version on every successful set',
      withStore(async (store) => {
        const first = await store.set('a', { expectedVersion: null });
        if (!first.ok) throw new Error('first write must win on an empty store');
        const second = await store.set('b', { expectedVersion: first.version });
        if (!second.ok) throw new Error('a write with the current version must win');
        expect(second.version).toBeGreaterThan(first.version);
        expectEntry(await store.get(), 'b', second.version);
      }),
    );

    it(
      'refuses "only if absent" when an entry exists, returning the winner',
      withStore(async (store) => {
        const winner = await store.set('winner', { expectedVersion: null });
        if (!winner.ok) throw new Error('first write must win');
        const loser = await store.set('loser', { expectedVersion: null });
        expect(loser.ok).toBe(false);
        if (loser.ok) return;
        expectEntry(loser.current, 'winner', winner.version);
        expectEntry(await store.get(), 'winner', winner.version);
      }),
    );

    it(
      'refuses a stale expected version, never overwriting the winner',
      withStore(async (store) => {
        const first = await store.set('v1', { expectedVersion: null });
        if (!first.ok) throw new Error('first write must win');
        const second = await store.set('v2', { expectedVersion: first.version });
        if (!second.ok) throw new Error('second write must win');
        const stale = await store.set('stale', { expectedVersion: first.version });
        expect(stale.ok).toBe(false);
        if (stale.ok) return;
        expectEntry(stale.current, 'v2', second.version);
        expectEntry(await store.get(), 'v2', second.version);
      }),
    );

    it(
      'refuses an expected version when nothing is stored (current: null)',
      withStore(async (store) => {
        const result = await store.set('ghost', { expectedVersion: 7 });
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.current).toBeNull();
        expect(await store.get()).toBeNull();
      }),
    );

    it(
      'lets exactly one of many concurrent writers win',
      withStore(async (store) => {
        const writers = options.concurrentWriters ?? 8;
        const results = await Promise.all(
          Array.from({ length: writers }, (_, index) => store.set(`writer-${index}`, { expectedVersion: null })),
        );
        const winners = results.flatMap((result, index) => (result.ok ? [{ index, version: result.version }] : []));
        expect(winners).toHaveLength(1);
        const winner = winners[0]!;
        expectEntry(await store.get(), `writer-${winner.index}`, winner.version);
        for (const result of results) {
          if (!result.ok) expect(result.current === null || result.current.value.startsWith('writer-')).toBe(true);
        }
      }),
    );

    it(
      'deletes the entry, and deleting nothing is not an error',
      withStore(async (store) => {
        await store.delete();
        const written = await store.set('doomed', { expectedVersion: null });
        expect(written.ok).toBe(true);
        await store.delete();
        expect(await store.get()).toBeNull();
        const again = await store.set('reborn', { expectedVersion: null });
        expect(again.ok).toBe(true);
        expectEntry(await store.get(), 'reborn');
      }),
    );

    it(
      'stores unicode exactly',
      withStore(async (store) => {
        const value = JSON.stringify({ text: 'Grüße 👋 日本語 \u2028 \u0000 end', emoji: '🧪' });
        await store.set(value, { expectedVersion: null });
        expectEntry(await store.get(), value);
      }),
    );

    it(
      'stores a 64 KiB value',
      withStore(async (store) => {
        const value = 'x'.repeat(64 * 1024 - 2).padStart(64 * 1024 - 1, 'é');
        await store.set(value, { expectedVersion: null });
        const entry = await store.get();
        expect(entry?.value.length).toBe(value.length);
        expect(entry?.value).toBe(value);
      }),
    );
  });
}
