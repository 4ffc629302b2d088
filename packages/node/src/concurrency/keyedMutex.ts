/**
 * Runs tasks one after another per key, inside this process. The file and Redis adapters queue here first, so a
 * process never competes with itself for a cross-process lock (no self-inflicted polling, fair FIFO order).
 */
export interface KeyedMutex {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
}

/** Creates a {@link KeyedMutex}; the map forgets a key once its queue drains, so it cannot grow without bound. */
export function keyedMutex(): KeyedMutex {
  const tails = new Map<string, Promise<void>>();
  return {
    run<T>(key: string, task: () => Promise<T>): Promise<T> {
      const previous = tails.get(key) ?? Promise.resolve();
      const result = previous.then(task);
      const tail = result.then(
        () => undefined,
        () => undefined,
      );
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
  };
}
