import type { ThrottleOptions } from '../types/SimulatorOptions.ts';

interface Bucket {
  tokens: number;
  last: number;
}

/** Devices remembered at most; the least recently seen is forgotten first (and would get a fresh burst). */
const MAX_DEVICES = 10_000;

/**
 * A token bucket per device, read from Adobe Pass's "Throttling mechanism" page ("1 request per second, with a
 * one-time initial burst of 10 requests"): a device's bucket starts full at `burst` tokens and refills at
 * `ratePerSecond`, but only up to `max(1, ratePerSecond)` — the burst is granted once, at the device's first
 * request, and never refilled. So after the burst is spent the device gets ~1 request/second, and throttling
 * lifts (one request passes) at most 1 s after the first 429.
 */
export class DeviceThrottle {
  readonly #rate: number;
  readonly #burst: number;
  readonly #cap: number;
  readonly #buckets = new Map<string, Bucket>();

  constructor(options: ThrottleOptions) {
    this.#rate = options.ratePerSecond;
    this.#burst = options.burst;
    this.#cap = Math.max(1, options.ratePerSecond);
  }

  /** Takes one token for `device` at real time `nowMs`; `false` means "answer 429". */
  take(device: string, nowMs: number): boolean {
    let bucket = this.#buckets.get(device);
    if (bucket === undefined) {
      bucket = { tokens: this.#burst, last: nowMs };
    } else {
      // Re-inserted below so the Map's order is least-recently-seen first.
      this.#buckets.delete(device);
      const elapsedSeconds = Math.max(0, nowMs - bucket.last) / 1000;
      // An unspent initial burst above the cap is kept but never topped up: that is what makes it one-time.
      if (bucket.tokens < this.#cap) bucket.tokens = Math.min(this.#cap, bucket.tokens + elapsedSeconds * this.#rate);
      bucket.last = nowMs;
    }
    this.#buckets.set(device, bucket);
    if (this.#buckets.size > MAX_DEVICES) {
      const oldest = this.#buckets.keys().next().value;
      if (oldest !== undefined) this.#buckets.delete(oldest);
    }
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Forgets every device. */
  clear(): void {
    this.#buckets.clear();
  }
}
