import { ConfigurationError } from '@dcrflow/protocol';

// Bundlers define it; declared here rather than through @types/node, which the build does not load.
declare const process: { readonly env: { readonly NODE_ENV?: string } };

/** Listener signatures by event name. */
type ListenerMap<T> = { [K in keyof T]: (...args: never[]) => void };

/**
 * The event emitter of a client and of a client pool: `on(event, listener)` returns the unsubscribe function, a
 * listener added twice is registered once, a throwing listener never reaches the emitter nor the other listeners,
 * and an unknown event name or a non-function listener is a `ConfigurationError` naming the valid ones.
 *
 * Per event, an array replaced (never mutated) on every change, so `emit` iterates a stable copy while listeners
 * come and go — a Set's semantics at a fraction of a Set's size — and the record is allocated on the first `on()`
 * (pools keep thousands of clients, most of them never listened to).
 *
 * @example
 * ```ts
 * import { EventHub } from '@dcrflow/core';
 *
 * const hub = new EventHub<{ ready: (at: number) => void }>('service', ['ready']);
 * const off = hub.on('ready', (at) => console.log('ready at', at));
 * hub.emit('ready', Date.now());
 * off();
 * ```
 */
export class EventHub<Listeners extends ListenerMap<Listeners>> {
  private listeners: { [K in keyof Listeners]?: readonly Listeners[K][] } | undefined;
  private readonly owner: string;
  private readonly events: readonly (keyof Listeners & string)[];

  /**
   * @param owner - how errors name the emitter: `client` gives "Unknown client event…", "client.on() expects…".
   * @param events - every valid event name.
   */
  constructor(owner: string, events: readonly (keyof Listeners & string)[]) {
    this.owner = owner;
    this.events = events;
  }

  /** Calls every listener of `event` with `args`; a listener that throws is skipped. */
  emit<K extends keyof Listeners>(event: K, ...args: Parameters<Listeners[K]>): void {
    const registered = this.listeners?.[event];
    if (registered === undefined) return;
    for (const listener of registered) {
      try {
        listener(...args);
      } catch {
        // A throwing listener must not break the emitter or the other listeners.
      }
    }
  }

  /** Adds `listener` to `event`; returns the function that removes it. */
  on<K extends keyof Listeners>(event: K, listener: Listeners[K]): () => void {
    if (!(this.events as readonly unknown[]).includes(event)) {
      const names = this.events;
      throw ConfigurationError.forOption(
        `${this.owner} event`,
        process.env.NODE_ENV !== 'production' &&
          `Unknown ${this.owner} event "${String(event)}"; use ${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}.`,
      );
    }
    if (typeof listener !== 'function') {
      throw ConfigurationError.forOption(
        `${this.owner}.on() listener`,
        process.env.NODE_ENV !== 'production' && `${this.owner}.on() expects a listener function.`,
      );
    }
    this.listeners ??= {};
    const all = this.listeners;
    const registered: readonly Listeners[K][] = all[event] ?? [];
    // concat() rather than spread: it allocates exactly what the array holds.
    if (!registered.includes(listener)) all[event] = registered.concat([listener]);
    return () => {
      const latest: readonly Listeners[K][] = all[event] ?? [];
      if (latest.includes(listener)) all[event] = latest.filter((other) => other !== listener);
    };
  }
}
