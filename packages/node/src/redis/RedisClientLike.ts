/**
 * The part of a node-redis (v4 or later) client that the Redis adapters use. Pass your own connected client
 * (`createClient(...)` from `redis`) to share one connection between stores, coordinators and the rest of your app;
 * the adapters never close a client they did not create. The coordinator opens one extra connection per client for
 * pub/sub (`client.duplicate()`), shared by every coordinator built on that client, and closes it when the last
 * subscription ends.
 *
 * @example
 * ```ts
 * import { createClient } from 'redis';
 * const client: RedisClientLike = await createClient({ url: 'redis://127.0.0.1:6379' }).connect();
 * ```
 */
export interface RedisClientLike {
  sendCommand(args: ReadonlyArray<string>): Promise<unknown>;
  duplicate(): RedisClientLike;
  connect(): Promise<unknown>;
  subscribe(channel: string, listener: (message: string, channel: string) => unknown): Promise<unknown>;
  unsubscribe(channel: string, listener: (message: string, channel: string) => unknown): Promise<unknown>;
  on(event: 'error', listener: (error: Error) => void): unknown;
  close(): Promise<unknown>;
  destroy(): unknown;
  readonly isOpen: boolean;
}

/**
 * Where the Redis adapters find Redis: a URL (the adapter creates, connects and — on `close()` — closes its own
 * client) or your client (shared, never closed by the adapter).
 *
 * @example
 * ```ts
 * const byUrl: RedisSource = { url: 'redis://127.0.0.1:6379/0' };
 * const shared: RedisSource = { client };
 * ```
 */
export type RedisSource =
  | { readonly url: string; readonly client?: never }
  | { readonly client: RedisClientLike; readonly url?: never };
