import type { WireEvent } from '../wire/types.ts';

/**
 * Where a bridge delivers wire events. `send` is called synchronously from inside XState's inspection callback, so
 * it must be cheap and must not throw (the bridge catches anyway: a transport never breaks the machine).
 *
 * @example
 * ```ts
 * import type { InspectTransport } from '@dcrflow/inspect';
 * const consoleTransport: InspectTransport = {
 *   send: (event) => console.log(event.seq, event.kind),
 * };
 * ```
 */
export interface InspectTransport {
  /** Delivers (or queues) one event. */
  send(event: WireEvent): void;
  /** Flushes what is queued and releases the channel, socket or file. */
  close?(): void | Promise<void>;
}
