/**
 * A message one client instance tells its peers after it changed the shared store. It never carries secrets.
 *
 * @example
 * ```ts
 * const message: CoordinatorMessage = { type: 'stored', version: 4, clientId: 'c1' };
 * ```
 */
export interface CoordinatorMessage {
  readonly type: 'stored' | 'deleted';
  /** The store version written (`null` after a delete). */
  readonly version: number | null;
  /** The client id now stored, if any (an identifier, not a secret). */
  readonly clientId: string | null;
}

/**
 * Coordinates client instances that share one store (browser tabs, worker processes): a named exclusive lock around
 * every registration and token request, and a broadcast for "I changed the store" notices.
 *
 * Why a lock: inside it the client re-reads the store first, so when a peer already registered or refreshed, this
 * instance adopts the result with zero requests (DCR FAQ: never re-register to refresh; throttling: 1 request/s).
 *
 * @example
 * ```ts
 * const coordinator: Coordinator = inProcessCoordinator();
 * await coordinator.withLock('dcrflow', async () => {
 *   // read the store, maybe request, write the store
 * });
 * ```
 */
export interface Coordinator {
  /** Runs `task` while holding the exclusive lock `name`; tasks for the same name run one after another. */
  withLock<T>(name: string, task: () => Promise<T>): Promise<T>;
  /**
   * Tells peers about a store change (best effort, never awaited). Core calls it after every write; it never needs
   * the messages itself (it re-reads the store inside the lock), they are for peers, devtools and the inspector.
   */
  broadcast(message: CoordinatorMessage): void;
}
