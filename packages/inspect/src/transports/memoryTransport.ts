import type { WireEvent } from '../wire/types.ts';
import type { InspectTransport } from './InspectTransport.ts';

/**
 * Options of {@link memoryTransport}.
 *
 * @example
 * ```ts
 * const options: MemoryTransportOptions = { limit: 10_000 };
 * ```
 */
export interface MemoryTransportOptions {
  /** Keep only the newest this many events (default: unbounded). */
  limit?: number;
}

/**
 * A transport that keeps events in memory, for tests and for the inspector's teaching mode.
 *
 * @example
 * ```ts
 * const memory = memoryTransport();
 * const stop = memory.subscribe((event) => timeline.push(event));
 * ```
 */
export interface MemoryTransport extends InspectTransport {
  /** The events received so far, oldest first (the live array: copy it before mutating). */
  events(): readonly WireEvent[];
  /** Calls `listener` for every later event; returns the unsubscribe function. */
  subscribe(listener: (event: WireEvent) => void): () => void;
  /** Forgets the events received so far. */
  clear(): void;
  close(): void;
}

/**
 * Collects wire events in memory and tells subscribers about each one — the source behind tests and the
 * inspector's in-page teaching mode. A subscriber that throws is skipped; the machine never sees the error.
 *
 * @example
 * ```ts
 * import { createActor } from 'xstate';
 * import { createInspectorBridge, memoryTransport } from '@dcrflow/inspect';
 *
 * const memory = memoryTransport();
 * const bridge = createInspectorBridge({ transport: memory });
 * createActor(machine, { inspect: bridge.inspect }).start();
 * console.log(memory.events().map((event) => event.kind)); // ['actor', 'event', 'snapshot']
 * ```
 */
export function memoryTransport(options: MemoryTransportOptions = {}): MemoryTransport {
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  let events: WireEvent[] = [];
  const listeners = new Set<(event: WireEvent) => void>();
  let closed = false;

  return {
    send(event) {
      if (closed) return;
      events.push(event);
      // Trim in chunks so a bounded memory stays O(1) amortised per event.
      if (events.length > limit * 1.25 + 16) events = events.slice(events.length - limit);
      for (const listener of listeners) {
        try {
          listener(event);
        } catch {
          // A broken subscriber must not break the machine that is being inspected.
        }
      }
    },
    events() {
      if (events.length > limit) events = events.slice(events.length - limit);
      return events;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    clear() {
      events = [];
    },
    close() {
      closed = true;
      listeners.clear();
    },
  };
}
