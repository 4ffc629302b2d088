import { type Coordinator, type CoordinatorMessage, keyedMutex } from '@dcrflow/core';
import { ConfigurationError } from '@dcrflow/protocol';
import { withLease } from './withLease.ts';

// Bundlers define it; declared here rather than through @types/node, which the build does not load.
declare const process: { readonly env: { readonly NODE_ENV?: string } };

/**
 * Options of {@link browserCoordinator}.
 *
 * @example
 * ```ts
 * const options: BrowserCoordinatorOptions = { name: 'my-app' };
 * ```
 */
export interface BrowserCoordinatorOptions {
  /**
   * The namespace of the locks and the BroadcastChannel (default `'dcrflow'`). Every tab that shares a store must use
   * the same name; two apps on one origin with separate stores should use different names.
   */
  readonly name?: string;
}

/**
 * The {@link Coordinator} `browserCoordinator()` returns, with `subscribe` to hear peers' store-change notices: a
 * dcrflow client subscribes so it adopts another tab's new token or credentials at once, with no request; an app can
 * listen too, to update every tab's UI.
 *
 * @example
 * ```ts
 * const coordinator: BrowserCoordinator = browserCoordinator({ name: 'my-app' });
 * const unsubscribe = coordinator.subscribe((message) => console.log(message.type, message.clientId));
 * ```
 */
export interface BrowserCoordinator extends Coordinator {
  /** Listens to this coordinator's and other tabs' broadcasts; returns the unsubscribe function. */
  subscribe(listener: (message: CoordinatorMessage) => void): () => void;
}

/** Keeps only the three fields of the message type, so nothing else (let alone a secret) can cross the channel. */
function toMessage(value: unknown): CoordinatorMessage | null {
  if (typeof value !== 'object' || value === null) return null;
  const { type, version, clientId } = value as Record<string, unknown>;
  if (type !== 'stored' && type !== 'deleted') return null;
  if (version !== null && (typeof version !== 'number' || !Number.isFinite(version))) return null;
  if (clientId !== null && typeof clientId !== 'string') return null;
  return { type, version, clientId };
}

function usableLocalStorage(): Storage | null {
  try {
    const storage = (globalThis as { localStorage?: Storage }).localStorage;
    return storage ?? null;
  } catch {
    // Sandboxed iframes and blocked site data throw on access.
    return null;
  }
}

/**
 * A {@link Coordinator} for browser tabs of one origin.
 *
 * - `withLock` takes the Web Lock `<name>/<lock>` (`navigator.locks.request(…, { mode: 'exclusive' })`): exactly one
 *   tab registers or refreshes at a time, and inside the lock core re-reads the store, so the other tabs adopt the
 *   result with zero requests. The browser releases a Web Lock when its tab closes or crashes.
 * - Without Web Locks (they exist only in secure contexts: an `http:` origin other than localhost has none, nor do
 *   browsers before 2022) it falls back to a lease in `localStorage` with a settle step, renewal and a 5 s expiry —
 *   best effort (see the browser guide) — plus an in-tab queue. Without `localStorage` either, only the in-tab queue
 *   remains.
 * - `broadcast` (core calls it after every store write) posts `{ type, version, clientId }` — never a secret — on the
 *   BroadcastChannel `<name>` and to this coordinator's own `subscribe` listeners. Without BroadcastChannel only
 *   in-tab listeners hear it; other tabs still see the change at their next store read inside the lock.
 *
 * @example
 * ```ts
 * import { createDcrClient } from '@dcrflow/core';
 * import { browserCoordinator, webStore } from '@dcrflow/browser';
 * const client = createDcrClient({
 *   baseUrl: 'https://sp.auth.adobe.com',
 *   softwareStatement,
 *   store: webStore({ storage: localStorage, key: 'dcrflow:my-app' }),
 *   coordinator: browserCoordinator({ name: 'my-app' }),
 * });
 * ```
 */
export function browserCoordinator(options: BrowserCoordinatorOptions = {}): BrowserCoordinator {
  if (typeof options !== 'object' || options === null) {
    throw ConfigurationError.forOption(
      'browserCoordinator options',
      process.env.NODE_ENV !== 'production' &&
        'browserCoordinator options must be an object: browserCoordinator({ name }).',
    );
  }
  const name = options.name ?? 'dcrflow';
  if (typeof name !== 'string' || name.length === 0) {
    throw ConfigurationError.forOption(
      'browserCoordinator name',
      process.env.NODE_ENV !== 'production' && 'browserCoordinator option "name" must be a non-empty string.',
    );
  }

  /** In-tab queue per lock name, for the fallback paths (Web Locks queue in-tab requests themselves). */
  const inTab = keyedMutex();

  const listeners = new Set<(message: CoordinatorMessage) => void>();
  let channel: BroadcastChannel | null = null;
  const deliver = (message: CoordinatorMessage) => {
    for (const listener of [...listeners]) {
      try {
        listener(message);
      } catch {
        // One failing listener must not stop the others or the sender.
      }
    }
  };
  const hasBroadcastChannel = () =>
    typeof (globalThis as { BroadcastChannel?: unknown }).BroadcastChannel === 'function';

  return {
    withLock<T>(lockName: string, task: () => Promise<T>): Promise<T> {
      if (typeof lockName !== 'string' || lockName.length === 0) {
        return Promise.reject(
          ConfigurationError.forOption(
            'lock name',
            process.env.NODE_ENV !== 'production' && 'browserCoordinator.withLock needs a non-empty lock name.',
          ),
        );
      }
      const fullName = `${name}/${lockName}`;
      // Looked up per call: a page can lose access (e.g. tests, or a polyfill installed later).
      const locks = (globalThis.navigator as Navigator | undefined)?.locks;
      if (locks !== undefined && locks !== null) {
        return locks.request(fullName, { mode: 'exclusive' }, () => task());
      }
      const storage = usableLocalStorage();
      if (storage === null) return inTab.run(fullName, task);
      return inTab.run(fullName, () => withLease(storage, `dcrflow.lease:${fullName}`, task));
    },
    broadcast(message) {
      const clean = toMessage(message);
      if (clean === null) return;
      deliver(clean);
      if (!hasBroadcastChannel()) return;
      try {
        if (channel !== null) {
          channel.postMessage(clean);
        } else {
          const once = new BroadcastChannel(name);
          once.postMessage(clean);
          once.close();
        }
      } catch {
        // Best effort: peers still see the change when they next read the store.
      }
    },
    subscribe(listener) {
      if (typeof listener !== 'function') {
        throw ConfigurationError.forOption(
          'browserCoordinator.subscribe listener',
          process.env.NODE_ENV !== 'production' && 'browserCoordinator.subscribe expects a listener function.',
        );
      }
      listeners.add(listener);
      if (channel === null && hasBroadcastChannel()) {
        channel = new BroadcastChannel(name);
        channel.onmessage = (event: MessageEvent) => {
          const message = toMessage(event.data);
          if (message !== null) deliver(message);
        };
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && channel !== null) {
          channel.close();
          channel = null;
        }
      };
    },
  };
}
