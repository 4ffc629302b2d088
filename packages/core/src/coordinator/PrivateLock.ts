import type { Coordinator } from '../ports/Coordinator.ts';

const ignore = () => undefined;

/**
 * The coordinator of a client that was given none. Its store has no peers, so there is nobody to notify (`broadcast`
 * does nothing) and the lock only has to queue the client's own holders one after another: a request still finishing
 * after the machine left its state, and the next state's request. One promise field instead of an in-process
 * coordinator's mutex, listener list and closures (~250 bytes), because pools keep many clients. Every lock name
 * shares the one queue: stricter than per-name locks, and core never nests them.
 *
 * @example
 * ```ts
 * const lock = new PrivateLock();
 * await lock.withLock('dcrflow:lifecycle', async () => refresh());
 * ```
 */
export class PrivateLock implements Coordinator {
  private tail: Promise<void> | null = null;

  withLock<T>(_name: string, task: () => Promise<T>): Promise<T> {
    const result = (this.tail ?? Promise.resolve()).then(task);
    // The tail never rejects, so the next task runs after this one whatever its outcome.
    const tail = result.then(ignore, ignore);
    this.tail = tail;
    void tail.then(() => {
      if (this.tail === tail) this.tail = null;
    });
    return result;
  }

  broadcast(): void {
    // A private store has no peers to tell.
  }
}
