import type { Coordinator, CoordinatorMessage } from '../ports/Coordinator.ts';
import { keyedMutex } from './keyedMutex.ts';

/**
 * The in-process {@link Coordinator}. Its `subscribe` is always there: clients sharing one adopt each other's store
 * changes at once, and tests or devtools can watch the broadcasts.
 *
 * @example
 * ```ts
 * const coordinator: InProcessCoordinator = inProcessCoordinator();
 * const unsubscribe = coordinator.subscribe((message) => console.log(message.type, message.version));
 * ```
 */
export interface InProcessCoordinator extends Coordinator {
  /** Listens to broadcasts (its own clients' included); returns an unsubscribe function. */
  subscribe(listener: (message: CoordinatorMessage) => void): () => void;
}

/**
 * The default {@link Coordinator}: a {@link keyedMutex} per lock name and an in-memory broadcast, both limited to
 * this JavaScript realm. Each client gets its own unless you pass one; share one instance between clients that
 * share a store in the same process (they then take turns for requests and adopt each other's writes at once). Browser tabs and separate processes need `@dcrflow/browser` / `@dcrflow/node`.
 *
 * @example
 * ```ts
 * const coordinator = inProcessCoordinator();
 * const a = createDcrClient({ baseUrl, softwareStatement, store, coordinator });
 * const b = createDcrClient({ baseUrl, softwareStatement, store, coordinator });
 * ```
 */
export function inProcessCoordinator(): InProcessCoordinator {
  // The lock map is allocated on first use and the listener array kept small: a server pool keeps one coordinator
  // per device. The listener array is replaced (never mutated), so broadcast() iterates a stable copy.
  const mutex = keyedMutex();
  let listeners: ReadonlyArray<(message: CoordinatorMessage) => void> = [];
  return {
    withLock: mutex.run,
    broadcast(message) {
      for (const listener of listeners) {
        try {
          listener(message);
        } catch {
          // A peer's failing listener must not break the writer.
        }
      }
    },
    subscribe(listener) {
      // Subscribing twice registers once (the semantics of the Set this replaces).
      if (!listeners.includes(listener)) listeners = listeners.concat([listener]);
      return () => {
        listeners = listeners.filter((other) => other !== listener);
      };
    },
  };
}
