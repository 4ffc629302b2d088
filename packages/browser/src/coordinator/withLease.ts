import { storageChange } from '../store/storageChange.ts';

/** Timings of the localStorage lease (milliseconds). */
export interface LeaseTimings {
  /** How long a lease lasts without renewal; a crashed or frozen holder blocks others at most this long. */
  readonly leaseMs: number;
  /** How long a writer waits before checking that its own lease survived a concurrent writer. */
  readonly settleMs: number;
  /** How often a waiter looks again when no `storage` event arrives. */
  readonly pollMs: number;
}

export const DEFAULT_LEASE_TIMINGS: LeaseTimings = { leaseMs: 5_000, settleMs: 50, pollMs: 250 };

interface Lease {
  readonly owner: string;
  readonly expiresAt: number;
}

function readLease(storage: Storage, key: string): Lease | null {
  const raw = storage.getItem(key);
  if (raw === null) return null;
  try {
    const parsed = JSON.parse(raw) as Partial<Lease>;
    if (typeof parsed.owner === 'string' && typeof parsed.expiresAt === 'number') {
      return { owner: parsed.owner, expiresAt: parsed.expiresAt };
    }
  } catch {
    // A damaged lease is treated as free.
  }
  return null;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Runs `task` while holding a lease kept in `storage` under `key` — the cross-tab lock used when Web Locks are missing
 * (insecure `http:` origins, old browsers).
 *
 * Why the settle step: web storage has no compare-and-set and other tabs see a write a little later, so a tab writes
 * its claim, waits `settleMs`, and proceeds only if its claim is still the one stored; otherwise it waits its turn. The
 * lease is renewed while the task runs and removed afterwards (the `storage` event wakes waiters at once); a holder
 * that crashes or is frozen loses it after `leaseMs`. This is best effort, unlike Web Locks: a holder frozen longer
 * than `leaseMs` can overlap with the next one — core's compare-and-set store still keeps the stored data consistent.
 */
export async function withLease<T>(
  storage: Storage,
  key: string,
  task: () => Promise<T>,
  timings: LeaseTimings = DEFAULT_LEASE_TIMINGS,
): Promise<T> {
  const owner = `${Date.now().toString(36)}-${crypto.getRandomValues(new Uint32Array(2)).join('-')}`;
  for (;;) {
    const now = Date.now();
    const lease = readLease(storage, key);
    if (lease !== null && lease.owner !== owner && lease.expiresAt > now) {
      // Jitter so waiting tabs do not all claim in the same instant after a release.
      const jitter = Math.floor(Math.random() * timings.settleMs);
      await storageChange(key, Math.min(lease.expiresAt - now, timings.pollMs) + jitter);
      continue;
    }
    storage.setItem(key, JSON.stringify({ owner, expiresAt: now + timings.leaseMs } satisfies Lease));
    await sleep(timings.settleMs);
    if (readLease(storage, key)?.owner === owner) break;
  }
  const renew = setInterval(
    () => {
      if (readLease(storage, key)?.owner !== owner) return;
      storage.setItem(key, JSON.stringify({ owner, expiresAt: Date.now() + timings.leaseMs } satisfies Lease));
    },
    Math.max(1, Math.floor(timings.leaseMs / 3)),
  );
  try {
    return await task();
  } finally {
    clearInterval(renew);
    if (readLease(storage, key)?.owner === owner) storage.removeItem(key);
  }
}
