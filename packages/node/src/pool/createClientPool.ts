import {
  type AccessToken,
  type Coordinator,
  createDcrClient,
  createHibernation,
  type DcrClient,
  type DcrClientOptions,
  EventHub,
  type KeyedMutex,
  keyedMutex,
  memoryStore,
  StoppedError,
} from '@dcrflow/core';
import { ConfigurationError, encodeDeviceInfo } from '@dcrflow/protocol';
import type {
  ClientPool,
  ClientPoolEventMap,
  ClientPoolOptions,
  DeviceDescriptor,
  DeviceRef,
} from './ClientPoolOptions.ts';

interface PoolEntry {
  readonly key: string;
  readonly client: DcrClient;
  readonly coordinator: Coordinator | undefined;
  /** The forwarded headers the client was created with (compared when a descriptor arrives). */
  readonly signature: string;
  readonly forwardedFor: string | undefined;
  lastUsed: number;
  inFlight: number;
  /** Replaced or evicted while calls were running: stopped when the last one settles. */
  retired: boolean;
}

/** The pool's listener signatures, by event: the client's payload and the device it is about. */
type PoolListeners = {
  [K in keyof ClientPoolEventMap]: (payload: ClientPoolEventMap[K], deviceKey: string) => void;
};
const POOL_EVENTS = ['reauthenticationRequired', 'revoked', 'error'] as const;
const POOL_ONLY_OPTIONS = ['store', 'coordinator', 'maxActiveClients', 'idleTimeoutMs'] as const;

/**
 * The coordinator of one device when the app gives none: the device's store is its own, so the only peers are the
 * pool's successive clients of that device (a client replaced while its calls run, and its successor). Their locks go
 * through one pool-wide mutex keyed by device — a two-field object per device instead of a full in-process
 * coordinator (a mutex, a listener list and three closures). No `subscribe`: the two adopt each other's writes inside
 * the lock, which is where a replaced client's last calls end anyway.
 */
class DeviceLock implements Coordinator {
  private readonly mutex: KeyedMutex;
  private readonly key: string;

  constructor(mutex: KeyedMutex, key: string) {
    this.mutex = mutex;
    this.key = key;
  }

  withLock<T>(name: string, task: () => Promise<T>): Promise<T> {
    // A NUL cannot appear in a lock name core uses, so device keys never collide with each other's locks.
    return this.mutex.run(`${this.key}\u0000${name}`, task);
  }

  broadcast(): void {
    // Nobody subscribes: see above.
  }
}

function positiveInteger(value: unknown, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new ConfigurationError(`createClientPool option \`${name}\` must be a positive integer.`);
  }
  return value;
}

function normaliseDevice(ref: DeviceRef): DeviceDescriptor & { readonly explicit: boolean } {
  if (typeof ref === 'string') {
    if (ref.trim() === '') throw new ConfigurationError('A device key must be a non-empty string.');
    return { key: ref, explicit: false };
  }
  if (typeof ref !== 'object' || ref === null || typeof ref.key !== 'string' || ref.key.trim() === '') {
    throw new ConfigurationError('A device must be a non-empty key or { key, forwardedFor?, deviceInfo? }.');
  }
  if (ref.forwardedFor !== undefined && (typeof ref.forwardedFor !== 'string' || ref.forwardedFor.trim() === '')) {
    throw new ConfigurationError(`Device "${ref.key}": forwardedFor must be a non-empty IP address string.`);
  }
  return { ...ref, explicit: true };
}

/**
 * A pool of dcrflow clients for server-to-server integrations: **one credential pair per device** (Adobe DCR:
 * server-to-server keeps one registration per device and forwards the device's IP in `X-Forwarded-For` and its
 * `X-Device-Info`; dcr-protocol.md §6), with bounded memory.
 *
 * - Clients are created lazily on a device's first call, each with `store(deviceKey)` — its own entry, e.g. a
 *   `redisStore` whose `keyPrefix` contains the device key.
 * - A device is a key or a {@link DeviceDescriptor} `{ key, forwardedFor, deviceInfo }`; the headers go on its
 *   registration and token requests and on `pool.fetch` calls to the same origin as `baseUrl`. New headers for a
 *   live device replace its client (a warm start from the store: no request).
 * - At most `maxActiveClients` clients live at once (least recently used idle ones are stopped first) and a client
 *   idle for `idleTimeoutMs` is stopped. The state lives in the store, so coming back is a warm start: zero requests
 *   while the stored token is valid.
 * - Options other than `store`, `coordinator`, `maxActiveClients` and `idleTimeoutMs` are `createDcrClient` options
 *   shared by all devices (validated here, at creation).
 *
 * @example
 * ```ts
 * import { createClient } from 'redis';
 * import { createClientPool, redisCoordinator, redisStore } from '@dcrflow/node';
 *
 * const redis = await createClient({ url: process.env.REDIS_URL }).connect();
 * const prefix = (deviceKey: string) => `my-app:dcr:${deviceKey}:`;
 * const pool = createClientPool({
 *   baseUrl: 'https://sp.auth.adobe.com',
 *   softwareStatement: process.env.SOFTWARE_STATEMENT!,
 *   store: (deviceKey) => redisStore({ client: redis }, { keyPrefix: prefix(deviceKey) }),
 *   coordinator: (deviceKey) => redisCoordinator({ client: redis }, { keyPrefix: prefix(deviceKey) }),
 *   maxActiveClients: 10_000,
 * });
 *
 * // in a request handler
 * const response = await pool.fetch(
 *   { key: request.deviceId, forwardedFor: request.ip },
 *   'https://sp.auth.adobe.com/api/v2/my-sp/configuration',
 * );
 * ```
 */
export function createClientPool(options: ClientPoolOptions): ClientPool {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigurationError('createClientPool needs an options object.');
  }
  if (typeof options.store !== 'function') {
    throw new ConfigurationError(
      'createClientPool option `store` must be a function (deviceKey) => CredentialStore, giving each device its own entry.',
    );
  }
  if (options.coordinator !== undefined && typeof options.coordinator !== 'function') {
    throw new ConfigurationError(
      'createClientPool option `coordinator` must be a function (deviceKey) => Coordinator.',
    );
  }
  if ((options as { hibernation?: unknown }).hibernation !== undefined) {
    throw new ConfigurationError(
      'createClientPool makes its own hibernation (one wake timer per pool); drop the `hibernation` option.',
    );
  }
  const maxActiveClients = positiveInteger(options.maxActiveClients, 1_000, 'maxActiveClients');
  const idleTimeoutMs = positiveInteger(options.idleTimeoutMs, 300_000, 'idleTimeoutMs');
  const { store: storeFor, coordinator: coordinatorFor } = options;
  const shared: Record<string, unknown> = { ...options };
  for (const name of POOL_ONLY_OPTIONS) delete shared[name];
  const clientOptions = shared as Omit<DcrClientOptions, 'store'>;
  // Fail fast on bad shared options (core validates them; creating a client sends nothing until it is used).
  createDcrClient({ ...clientOptions, store: memoryStore() }).stop();

  const entries = new Map<string, PoolEntry>();
  const events = new EventHub<PoolListeners>('pool', POOL_EVENTS);
  let closed = false;
  // Idle clients hibernate (core's createHibernation): settled in tokenValid they drop their XState actor, and this
  // one queue wakes each at its refresh time from a single timer — not a timer per device.
  const hibernation = createHibernation(clientOptions.clock === undefined ? {} : { clock: clientOptions.clock });
  // Locks of devices without an app-given coordinator: one mutex for the pool (see DeviceLock).
  const deviceLocks = keyedMutex();
  // One forwarding listener per event type for every client, not three closures per device: the client says who
  // emitted, and this map (weak: a dropped client needs no cleanup) says which device that is.
  const deviceOf = new WeakMap<DcrClient, string>();
  const forwarders = POOL_EVENTS.map(
    (event) =>
      [
        event,
        (payload: ClientPoolEventMap[typeof event], client: DcrClient) => {
          const deviceKey = deviceOf.get(client);
          if (deviceKey !== undefined) events.emit(event, payload as never, deviceKey);
        },
      ] as const,
  );

  const sweepEveryMs = Math.max(50, Math.min(idleTimeoutMs / 2, 30_000));
  const sweeper = setInterval(sweepIdle, sweepEveryMs);
  // An idle pool must not keep the process alive.
  sweeper.unref?.();

  function stopEntry(entry: PoolEntry): void {
    if (entries.get(entry.key) === entry) entries.delete(entry.key);
    if (entry.inFlight > 0) {
      entry.retired = true;
      return;
    }
    entry.client.stop();
  }

  function create(device: DeviceDescriptor, signature: string, coordinator: Coordinator | undefined): PoolEntry {
    const deviceInfo = device.deviceInfo ?? clientOptions.deviceInfo;
    const client = createDcrClient({
      ...clientOptions,
      store: storeFor(device.key),
      ...(coordinator === undefined ? {} : { coordinator }),
      ...(device.forwardedFor === undefined ? {} : { forwardedFor: device.forwardedFor }),
      ...(deviceInfo === undefined ? {} : { deviceInfo }),
      hibernation,
    });
    const entry: PoolEntry = {
      key: device.key,
      client,
      coordinator,
      signature,
      forwardedFor: device.forwardedFor,
      lastUsed: Date.now(),
      inFlight: 0,
      retired: false,
    };
    deviceOf.set(client, device.key);
    for (const [event, forward] of forwarders) client.on(event, forward as never);
    return entry;
  }

  /** Drops least recently used idle clients beyond the bound (busy ones may overflow it briefly). */
  function trim(): void {
    if (entries.size <= maxActiveClients) return;
    for (const entry of entries.values()) {
      if (entries.size <= maxActiveClients) break;
      if (entry.inFlight === 0) stopEntry(entry);
    }
  }

  function sweepIdle(): void {
    const cutoff = Date.now() - idleTimeoutMs;
    // Map order is least recently used first: stop at the first recent entry.
    for (const entry of entries.values()) {
      if (entry.lastUsed > cutoff) break;
      if (entry.inFlight === 0) stopEntry(entry);
    }
  }

  function checkout(ref: DeviceRef): PoolEntry {
    if (closed) throw new StoppedError('The client pool is closed.');
    const device = normaliseDevice(ref);
    const deviceInfo = device.deviceInfo;
    const signature = device.explicit
      ? JSON.stringify([
          device.forwardedFor ?? null,
          deviceInfo === undefined ? null : typeof deviceInfo === 'string' ? deviceInfo : encodeDeviceInfo(deviceInfo),
        ])
      : '';
    let entry = entries.get(device.key);
    if (entry !== undefined && device.explicit && entry.signature !== signature) {
      // The device's headers changed (e.g. a new IP): a fresh client, warm from the store, carries the new ones.
      stopEntry(entry);
      entry = create(device, signature, entry.coordinator);
    } else if (entry === undefined) {
      const coordinator =
        coordinatorFor === undefined ? new DeviceLock(deviceLocks, device.key) : coordinatorFor(device.key);
      entry = create(device, signature, coordinator);
    }
    // Re-insert: Map order doubles as the LRU list.
    entries.delete(device.key);
    entries.set(device.key, entry);
    entry.inFlight += 1;
    entry.lastUsed = Date.now();
    trim();
    return entry;
  }

  function checkin(entry: PoolEntry): void {
    entry.inFlight -= 1;
    entry.lastUsed = Date.now();
    if (entry.inFlight === 0 && entry.retired) entry.client.stop();
    // Clients that were busy when the bound was reached are dropped once they are idle.
    trim();
  }

  async function use<T>(ref: DeviceRef, task: (entry: PoolEntry) => Promise<T>): Promise<T> {
    const entry = checkout(ref);
    try {
      return await task(entry);
    } finally {
      checkin(entry);
    }
  }

  const baseOrigin = new URL(String(clientOptions.baseUrl)).origin;

  return {
    getAccessToken(device: DeviceRef): Promise<AccessToken> {
      return use(device, (entry) => entry.client.getAccessToken());
    },

    fetch(device: DeviceRef, input: string | URL | Request, init?: RequestInit): Promise<Response> {
      let request: Request;
      try {
        request = new Request(input, init);
      } catch (error) {
        return Promise.reject(
          new ConfigurationError(
            `pool.fetch() got an invalid request (${error instanceof Error ? error.message : String(error)}).`,
          ),
        );
      }
      return use(device, (entry) => {
        // The device's IP goes only to the DCR host, never to third parties.
        const sameOrigin = new URL(request.url).origin === baseOrigin;
        if (entry.forwardedFor !== undefined && sameOrigin && !request.headers.has('x-forwarded-for')) {
          request.headers.set('x-forwarded-for', entry.forwardedFor);
        }
        return entry.client.fetch(request);
      });
    },

    on(event, listener) {
      return events.on(event, listener as PoolListeners[typeof event]);
    },

    evict(deviceKey: string): void {
      const entry = entries.get(deviceKey);
      if (entry !== undefined) stopEntry(entry);
    },

    get size() {
      return entries.size;
    },

    get hibernating() {
      return hibernation.sleeping;
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      clearInterval(sweeper);
      for (const entry of [...entries.values()]) {
        entries.delete(entry.key);
        entry.client.stop();
      }
    },
  };
}
