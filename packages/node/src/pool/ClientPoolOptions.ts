import type { AccessToken, Coordinator, CredentialStore, DcrClientEventMap, DcrClientOptions } from '@dcrflow/core';
import type { DeviceInfo } from '@dcrflow/protocol';

/**
 * One device a server acts for: its stable key (one credential pair per key) and the headers Adobe must see for it.
 * Server-to-server integrations forward the real device's IP in `X-Forwarded-For` and its `X-Device-Info`, and
 * Adobe throttles per forwarded IP (dcr-protocol.md §6, §7).
 *
 * @example
 * ```ts
 * const device: DeviceDescriptor = {
 *   key: 'stb-00042',
 *   forwardedFor: '203.0.113.7',
 *   deviceInfo: { primaryHardwareType: 'SetTopBox', model: 'X1', version: '2', osName: 'Linux', osVersion: '5.10', connectionType: 'Ethernet' },
 * };
 * ```
 */
export interface DeviceDescriptor {
  /** Your stable id of the device (not a secret: it names its store entry). */
  readonly key: string;
  /** The device's IP address, sent as `X-Forwarded-For` on DCR requests and same-origin API calls. */
  readonly forwardedFor?: string;
  /** The device's `X-Device-Info` (object, validated and encoded, or an encoded header value). */
  readonly deviceInfo?: DeviceInfo | string;
}

/**
 * How pool methods name a device: its key alone, or a {@link DeviceDescriptor}. The descriptor's headers apply when
 * the device's client is created (first use, or after an eviction) and when they change; pass it on every call so an
 * evicted device comes back with its headers.
 *
 * @example
 * ```ts
 * await pool.getAccessToken('stb-00042');
 * await pool.getAccessToken({ key: 'stb-00042', forwardedFor: req.ip });
 * ```
 */
export type DeviceRef = string | DeviceDescriptor;

/**
 * Options of {@link createClientPool}: every `createDcrClient` option that is the same for all devices, plus a store
 * (and optionally a coordinator) per device and the pool bounds.
 *
 * @example
 * ```ts
 * const options: ClientPoolOptions = {
 *   baseUrl: 'https://sp.auth.adobe.com',
 *   softwareStatement: process.env.SOFTWARE_STATEMENT!,
 *   store: (deviceKey) => redisStore({ client: redis }, { keyPrefix: `my-app:dcr:${deviceKey}:` }),
 * };
 * ```
 */
export interface ClientPoolOptions
  extends Omit<DcrClientOptions, 'store' | 'coordinator' | 'forwardedFor' | 'signals' | 'inspect' | 'hibernation'> {
  /** The credential store of one device. Called when the device's client is created; share connections inside it. */
  store: (deviceKey: string) => CredentialStore;
  /**
   * The coordinator of one device (e.g. a `redisCoordinator` with the device's key prefix) when several processes
   * serve the same devices. Default: an in-process lock per device (on one pool-wide mutex), enough for one process.
   */
  coordinator?: (deviceKey: string) => Coordinator;
  /** Most clients kept alive at once; the least recently used idle ones are stopped beyond it. Default 1 000. */
  maxActiveClients?: number;
  /** A client unused for this long is stopped and dropped (its state stays in its store). Default 300 000 ms. */
  idleTimeoutMs?: number;
}

/**
 * Events a pool forwards from its devices' clients, with the device key.
 *
 * @example
 * ```ts
 * pool.on('reauthenticationRequired', (event, deviceKey) => notifyDevice(deviceKey));
 * ```
 */
export type ClientPoolEventMap = Pick<DcrClientEventMap, 'reauthenticationRequired' | 'revoked' | 'error'>;

/**
 * A pool of DCR clients, one per device, for server-to-server integrations.
 *
 * @example
 * ```ts
 * const { accessToken } = await pool.getAccessToken({ key: 'stb-00042', forwardedFor: '203.0.113.7' });
 * ```
 */
export interface ClientPool {
  /** A valid access token of the device's own registration (created lazily; single-flight per device). */
  getAccessToken(device: DeviceRef): Promise<AccessToken>;
  /** `fetch` with the device's Bearer token (refresh-once-on-401 as `client.fetch`) and its forwarded headers. */
  fetch(device: DeviceRef, input: string | URL | Request, init?: RequestInit): Promise<Response>;
  /** Listens to every device's client events; returns the unsubscribe function. */
  on<K extends keyof ClientPoolEventMap>(
    event: K,
    listener: (payload: ClientPoolEventMap[K], deviceKey: string) => void,
  ): () => void;
  /** Stops and drops the device's live client now (its credentials stay in its store). */
  evict(deviceKey: string): void;
  /** How many device clients are alive (awake or hibernating). */
  readonly size: number;
  /**
   * How many of the live clients hibernate: settled with a valid token and idle, they hold no XState actor and no
   * timer of their own (one pool-wide timer wakes them at their refresh time); their tokens are served from memory.
   */
  readonly hibernating: number;
  /** Stops every client and the idle sweep; later calls reject with `StoppedError`. */
  close(): Promise<void>;
}
