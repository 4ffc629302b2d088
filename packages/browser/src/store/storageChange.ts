/**
 * Resolves after `ms`, or earlier when another tab changes `key` in web storage (the `storage` event fires only in
 * the other tabs of the origin, once their copy of the storage has the change).
 */
export function storageChange(key: string, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const target = globalThis as {
      addEventListener?: typeof addEventListener;
      removeEventListener?: typeof removeEventListener;
    };
    const done = () => {
      clearTimeout(timer);
      target.removeEventListener?.('storage', onStorage);
      resolve();
    };
    const onStorage = (event: Event) => {
      // `key` is null when a tab cleared the whole storage.
      const changed = (event as StorageEvent).key;
      if (changed === key || changed === null) done();
    };
    const timer = setTimeout(done, ms);
    target.addEventListener?.('storage', onStorage);
  });
}
