// jose's CryptoKey is the runtime's WebCrypto key type wherever it is declared (DOM lib or @types/node), so a Node
// app type-checks these declarations without `lib: DOM`.
import type { CryptoKey } from 'jose';

/**
 * Throttle settings: a token bucket per device that starts full at `burst`, refills at `ratePerSecond`, but
 * only up to `max(1, ratePerSecond)` — the initial burst is a one-time allowance (Adobe Pass "Throttling
 * mechanism" page: 1 request per second plus a one-time initial burst of 10).
 *
 * @example
 * const throttle: ThrottleOptions = { ratePerSecond: 1, burst: 10 };
 */
export interface ThrottleOptions {
  ratePerSecond: number;
  burst: number;
}

/**
 * An RS256 signing key pair (WebCrypto). The public key verifies everything the private key signed.
 *
 * @example
 * const keys = (await crypto.subtle.generateKey(
 *   { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
 *   false,
 *   ['sign', 'verify'],
 * )) as SimulatorKeys;
 */
export interface SimulatorKeys {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

/**
 * Options of `createSimulator()` (and of `startSimulator()`, which adds `port` and `host`).
 *
 * @example
 * const simulator = createSimulator({ tokenTtlSeconds: 60, throttle: false });
 */
export interface SimulatorOptions {
  /** Access token lifetime, whole seconds ≥ 1. Default 21600 (an Adobe sample value). */
  tokenTtlSeconds?: number;
  /** Default `{ ratePerSecond: 1, burst: 10 }`; `false` disables throttling. */
  throttle?: ThrottleOptions | false;
  /** Real-time source in epoch ms (default `Date.now`); the simulated clock adds its offset on top. */
  now?: () => number;
  /** Signing keys; default a fresh RS256 pair generated at creation. */
  keys?: SimulatorKeys;
  /** `iss` of software statements and access tokens. Default `'auth.adobe.com'`. */
  issuer?: string;
}
