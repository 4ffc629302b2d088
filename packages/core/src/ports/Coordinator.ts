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
 * every registration and token request, a broadcast for "I changed the store" notices and, optionally, a way to hear
 * the peers' notices.
 *
 * Why a lock: inside it the client re-reads the store first, so when a peer already registered or refreshed, this
 * instance adopts the result with zero requests (DCR FAQ: never re-register to refresh; throttling: 1 request/s).
 * Why `subscribe`: without it that adoption happens lazily, the next time this instance takes the lock (its own
 * refresh lead, or a 401); with it the client re-reads the store as soon as a peer says it wrote, and adopts the
 * peer's token or credentials at once — still with zero requests, and no secret ever crosses the channel.
 *
 * @example
 * ```ts
 * const coordinator: Coordinator = inProcessCoordinator();
 * await coordinator.withLock('dcrflow', async () => {
 *   // read the store, maybe request, write the store
 * });
 * const unsubscribe = coordinator.subscribe?.((message) => console.log(message.type, message.version));
 * ```
 */
export interface Coordinator {
  /** Runs `task` while holding the exclusive lock `name`; tasks for the same name run one after another. */
  withLock<T>(name: string, task: () => Promise<T>): Promise<T>;
  /**
   * Tells peers about a store change (best effort, never awaited). Core calls it after every write and delete; peers
   * that subscribed re-read the store, and devtools or the inspector may listen too.
   */
  broadcast(message: CoordinatorMessage): void;
  /**
   * Optional. Delivers every notice broadcast through this coordinator — by peers, and by this instance too (the
   * client recognises and skips its own by store version) — and returns the unsubscribe function. When present, a
   * started client subscribes and adopts peers' store changes at once (unsubscribing on `stop()`); without it, it
   * adopts them lazily inside the lock. Delivery is best effort: a lost notice only delays adoption until then.
   */
  subscribe?(listener: (message: CoordinatorMessage) => void): () => void;
}
