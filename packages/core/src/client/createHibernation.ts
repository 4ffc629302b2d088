import { ConfigurationError } from '@dcrflow/protocol';
import { MAX_TIMER_MS } from '../clock/MAX_TIMER_MS.ts';
import { systemClock } from '../clock/systemClock.ts';
import type { Clock } from '../ports/Clock.ts';

/** Something that sleeps until a deadline: a hibernated client (`createDcrClient`). */
export interface Sleeper {
  /** Called once the deadline is reached (from the shared timer, on its clock). */
  wake(): void;
}

/** A sleeper's place in the queue: what `sleep()` returns and `cancel()` takes. */
export interface SleepTicket {
  readonly sleeper: Sleeper;
  readonly wakeAt: number;
}

/**
 * Where hibernated clients wait for their refresh deadline: one timer for all of them, not one per client. Pass
 * the same object to every client that may hibernate (`createDcrClient({ hibernation })`); `createClientPool` in
 * `@dcrflow/node` makes one per pool.
 *
 * @example
 * ```ts
 * const hibernation = createHibernation();
 * const client = createDcrClient({ baseUrl, softwareStatement, store: memoryStore(), hibernation });
 * await client.getAccessToken();
 * await Promise.resolve(); // the client goes to sleep once settled in tokenValid
 * hibernation.sleeping; // 1
 * hibernation.timers; // 1, whatever the number of sleeping clients
 * ```
 */
export interface Hibernation {
  /** Queues `sleeper` to be woken at `wakeAt` (epoch ms on the hibernation's clock). */
  sleep(sleeper: Sleeper, wakeAt: number): SleepTicket;
  /** Takes a sleeper out of the queue (it woke early, or stopped); a ticket already served is ignored. */
  cancel(ticket: SleepTicket): void;
  /** How many sleepers are queued. */
  readonly sleeping: number;
  /** How many timers the hibernation holds: 1 while anyone sleeps, else 0 — never one per sleeper. */
  readonly timers: number;
}

/** Options of {@link createHibernation}. */
export interface HibernationOptions {
  /** The clock the deadlines are read on: the clients' clock. Default the system clock. */
  clock?: Clock;
}

/** A queued sleeper; `index` is its place in the heap (-1 once out), so `cancel` is O(log n), not a scan. */
class Ticket implements SleepTicket {
  readonly sleeper: Sleeper;
  readonly wakeAt: number;
  index = -1;
  constructor(sleeper: Sleeper, wakeAt: number) {
    this.sleeper = sleeper;
    this.wakeAt = wakeAt;
  }
}

/**
 * A binary min-heap of tickets by `wakeAt` and one clock timer armed for the earliest. A class so its methods live
 * once on the prototype; per sleeper it holds one ticket (three fields) and one heap slot.
 */
class HibernationQueue implements Hibernation {
  private readonly clock: Clock;
  private readonly heap: Ticket[] = [];
  private timer: unknown = null;
  /** When the armed timer fires (`Infinity`: none armed). */
  private armedAt = Number.POSITIVE_INFINITY;

  constructor(clock: Clock) {
    this.clock = clock;
  }

  get sleeping(): number {
    return this.heap.length;
  }

  get timers(): number {
    return this.timer === null ? 0 : 1;
  }

  sleep(sleeper: Sleeper, wakeAt: number): SleepTicket {
    const ticket = new Ticket(sleeper, wakeAt);
    ticket.index = this.heap.length;
    this.heap.push(ticket);
    this.up(ticket.index);
    // Re-arm only for an earlier deadline: a later one is picked up when the armed timer fires.
    if (wakeAt < this.armedAt) this.arm();
    return ticket;
  }

  cancel(ticket: SleepTicket): void {
    if (!(ticket instanceof Ticket) || ticket.index < 0 || this.heap[ticket.index] !== ticket) return;
    this.removeAt(ticket.index);
    // With nobody left the timer goes too, so a stopped pool lets the process exit. Otherwise it stays: firing
    // early for a cancelled sleeper costs one callback that re-arms, cheaper than re-arming on every cancel.
    if (this.heap.length === 0) this.disarm();
  }

  private arm(): void {
    this.disarm();
    const first = this.heap[0];
    if (first === undefined) return;
    this.armedAt = first.wakeAt;
    const delay = Math.min(Math.max(0, Math.ceil(first.wakeAt - this.clock.now())), MAX_TIMER_MS);
    this.timer = this.clock.setTimeout(() => this.fire(), delay);
  }

  private disarm(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.armedAt = Number.POSITIVE_INFINITY;
  }

  private fire(): void {
    this.timer = null;
    this.armedAt = Number.POSITIVE_INFINITY;
    const now = this.clock.now();
    // Take every due sleeper out first, then wake them: a woken client may go back to sleep (queueing again).
    const due: Ticket[] = [];
    for (let first = this.heap[0]; first !== undefined && first.wakeAt <= now; first = this.heap[0]) {
      this.removeAt(0);
      due.push(first);
    }
    for (const ticket of due) {
      try {
        ticket.sleeper.wake();
      } catch {
        // One sleeper's failure must not keep the others asleep.
      }
    }
    if (this.timer === null) this.arm();
  }

  private removeAt(index: number): void {
    const heap = this.heap;
    const removed = heap[index]!;
    const last = heap.pop()!;
    removed.index = -1;
    if (last === removed) return;
    heap[index] = last;
    last.index = index;
    this.up(index);
    this.down(last.index);
  }

  private up(index: number): void {
    const heap = this.heap;
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent]!.wakeAt <= heap[i]!.wakeAt) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(index: number): void {
    const heap = this.heap;
    let i = index;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && heap[left]!.wakeAt < heap[smallest]!.wakeAt) smallest = left;
      if (right < heap.length && heap[right]!.wakeAt < heap[smallest]!.wakeAt) smallest = right;
      if (smallest === i) return;
      this.swap(i, smallest);
      i = smallest;
    }
  }

  private swap(a: number, b: number): void {
    const heap = this.heap;
    const first = heap[a]!;
    const second = heap[b]!;
    heap[a] = second;
    heap[b] = first;
    second.index = a;
    first.index = b;
  }
}

/**
 * Creates the queue where idle clients hibernate: a client given it (`createDcrClient({ hibernation })`) drops its
 * XState actor once it is settled in `tokenValid` — keeping its vault and deadlines, answering `getAccessToken()` from
 * memory — and this queue wakes it at the token's refresh time from **one** timer shared by every sleeper.
 *
 * @example
 * ```ts
 * import { createDcrClient, createHibernation, memoryStore } from '@dcrflow/core';
 *
 * const hibernation = createHibernation();
 * const clients = devices.map((device) =>
 *   createDcrClient({ baseUrl, softwareStatement, store: storeFor(device), hibernation }),
 * );
 * ```
 */
export function createHibernation(options: HibernationOptions = {}): Hibernation {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigurationError('createHibernation expects an options object or nothing.');
  }
  const clock = options.clock ?? systemClock;
  if (typeof clock.setTimeout !== 'function' || typeof clock.now !== 'function') {
    throw new ConfigurationError('createHibernation option `clock` must be a Clock (now, setTimeout, clearTimeout).');
  }
  return new HibernationQueue(clock);
}
