import type { WireEvent } from '../wire/wireTypes.ts';
import type { SourceSnapshot, SourceStatus } from './InspectorSource.ts';

/** The shared plumbing of sources: an append-only log with batched change notification. */
export interface EventLog {
  append(events: readonly WireEvent[]): void;
  setStatus(status: SourceStatus): void;
  /** Starts a new, empty log (a new array: views holding the old one rebuild). */
  clear(): void;
  subscribe(listener: () => void): () => void;
  snapshot(): SourceSnapshot;
  /**
   * The producer's clock now, estimated: our clock plus the largest lead of an event's `at` over its arrival time
   * seen so far (never negative). Live events arrive within milliseconds, so a producer on a simulated clock (the
   * teaching sandbox, a test) is followed; a replayed backlog of old events does not drag "now" into the past.
   */
  producerNow(): number;
  /** Stops notifying; idempotent. */
  dispose(): void;
}

/** Options of {@link createEventLog}. */
export interface EventLogOptions {
  readonly status: SourceStatus;
  /**
   * How notifications are batched. Default: at most one per animation-frame-ish 16 ms, so a relay replaying its
   * 10,000-event backlog causes a handful of renders, not 10,000.
   */
  readonly schedule?: (flush: () => void) => void;
  /** Keep at most this many events (live sources); the oldest are dropped. Default: unbounded. */
  readonly maxEvents?: number;
  /** Our clock (tests pass a fake). Default Date.now. */
  readonly now?: () => number;
}

const defaultSchedule = (flush: () => void) => {
  setTimeout(flush, 16);
};

/**
 * Creates the event log behind a source.
 *
 * @example
 * ```ts
 * const log = createEventLog({ status: { state: 'open', message: 'Listening.' } });
 * log.append([event]);
 * ```
 */
export function createEventLog(options: EventLogOptions): EventLog {
  const schedule = options.schedule ?? defaultSchedule;
  let events: WireEvent[] = [];
  let status = options.status;
  let version = 0;
  let current: SourceSnapshot = { events, count: 0, status, version };
  const listeners = new Set<() => void>();
  let scheduled = false;
  let disposed = false;
  const localNow = options.now ?? Date.now;
  let lead = 0;

  const flush = () => {
    scheduled = false;
    if (disposed) return;
    version += 1;
    current = { events, count: events.length, status, version };
    for (const listener of [...listeners]) listener();
  };
  const changed = () => {
    if (scheduled || disposed) return;
    scheduled = true;
    schedule(flush);
  };

  return {
    append(batch) {
      if (batch.length === 0 || disposed) return;
      const arrival = localNow();
      for (const event of batch) {
        events.push(event);
        if (event.at - arrival > lead) lead = event.at - arrival;
      }
      const max = options.maxEvents;
      // Trimming makes a new array: earlier snapshots keep theirs intact (views rebuild from the new one).
      if (max !== undefined && events.length > max) events = events.slice(events.length - max);
      changed();
    },
    clear() {
      events = [];
      changed();
    },
    setStatus(next) {
      status = next;
      changed();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    snapshot: () => current,
    producerNow: () => localNow() + lead,
    dispose() {
      disposed = true;
      listeners.clear();
    },
  };
}
