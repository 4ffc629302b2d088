/**
 * One stored value and its version. `version` increases by at least one on every successful `set`, so a reader can
 * tell whether the entry changed since it last looked.
 *
 * @example
 * ```ts
 * const entry: StoredEntry = { value: '{"format":"dcrflow.v1"}', version: 3 };
 * ```
 */
export interface StoredEntry {
  readonly value: string;
  readonly version: number;
}

/**
 * Options of {@link CredentialStore.set}.
 *
 * @example
 * ```ts
 * await store.set(value, { expectedVersion: null }); // only if nothing is stored yet
 * ```
 */
export interface StoreSetOptions {
  /** The version the caller last read, or `null` for "only if nothing is stored". */
  readonly expectedVersion: number | null;
}

/**
 * What a compare-and-set returns: the new version when the write won, or the entry that is stored now when another
 * writer got there first (the loser must not overwrite the winner).
 *
 * @example
 * ```ts
 * const result = await store.set(value, { expectedVersion: 2 });
 * if (!result.ok) console.log('someone else wrote version', result.current?.version);
 * ```
 */
export type StoreSetResult =
  | { readonly ok: true; readonly version: number }
  | { readonly ok: false; readonly current: StoredEntry | null };

/**
 * The persistence port. Values are opaque strings (core encodes and validates them), so a store over web storage, a
 * file or Redis is a few lines. A store holds one entry: one application instance's credentials and token.
 *
 * Why compare-and-set: two tabs or processes may register or refresh at the same time; the versioned write makes
 * sure exactly one wins and the other adopts the winner's credentials instead of silently replacing them (new
 * credentials cost every user a re-authentication — Adobe DCR FAQ).
 *
 * Every adapter runs `describeCredentialStoreContract` from `@dcrflow/core/testing`.
 *
 * @example
 * ```ts
 * const store: CredentialStore = memoryStore();
 * const first = await store.set('hello', { expectedVersion: null }); // { ok: true, version: 1 }
 * const entry = await store.get(); // { value: 'hello', version: 1 }
 * await store.delete();
 * ```
 */
export interface CredentialStore {
  /** The stored entry, or `null` when nothing is stored. */
  get(): Promise<StoredEntry | null>;
  /** Writes `value` only if the stored version still equals `options.expectedVersion` (`null`: only if absent). */
  set(value: string, options: StoreSetOptions): Promise<StoreSetResult>;
  /** Removes the entry (no error when there is none). */
  delete(): Promise<void>;
}
