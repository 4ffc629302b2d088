/**
 * Runs async tasks one after another per key, inside this JavaScript realm (the one keyed mutex of dcrflow: the
 * in-process and browser coordinators, the browser stores' in-page queue and the Node file/Redis adapters all queue
 * here). A failed task does not break the queue; the task's own result or rejection is returned unchanged.
 *
 * @example
 * ```ts
 * const mutex: KeyedMutex = keyedMutex();
 * await Promise.all([mutex.run('a', first), mutex.run('a', second)]); // second starts after first settles
 * ```
 */
export interface KeyedMutex {
  /** Runs `task` once every task queued earlier under `key` has settled. */
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
}

/**
 * Creates a {@link KeyedMutex}. The key map is allocated on first use and forgets a key once its queue drains, so an
 * idle mutex costs one small object (a server pool keeps one per device) and never grows without bound.
 *
 * @example
 * ```ts
 * import { keyedMutex } from '@dcrflow/core';
 *
 * const mutex = keyedMutex();
 * const write = (value: string) => mutex.run('settings', () => saveSettings(value));
 * ```
 */
export function keyedMutex(): KeyedMutex {
  let tails: Map<string, Promise<void>> | undefined;
  return {
    run<T>(key: string, task: () => Promise<T>): Promise<T> {
      tails ??= new Map();
      const chains = tails;
      const previous = chains.get(key) ?? Promise.resolve();
      // Tails never reject (below), so `task` runs after the previous task whatever its outcome.
      const result = previous.then(task);
      const tail = result.then(
        () => undefined,
        () => undefined,
      );
      chains.set(key, tail);
      void tail.then(() => {
        if (chains.get(key) !== tail) return;
        chains.delete(key);
        if (chains.size === 0 && tails === chains) tails = undefined;
      });
      return result;
    },
  };
}
