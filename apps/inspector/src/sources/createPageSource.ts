import { parseWireEvent } from '@dcrflow/inspect';
import { createEventLog } from './createEventLog.ts';
import type { InspectorSource } from './InspectorSource.ts';

/** The BroadcastChannel name and envelope tag of the in-page transport (inspect-wire.md "Live transports"). */
export const PAGE_CHANNEL = 'dcrflow-inspect';

/** Keep the newest events only: a live page can run for days. */
const MAX_LIVE_EVENTS = 50_000;

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

function isLoopbackOrigin(origin: string): boolean {
  try {
    return LOOPBACK.has(new URL(origin).hostname);
  } catch {
    return false;
  }
}

/**
 * Reads one envelope `{ channel: 'dcrflow-inspect', event }`; returns the event or null when it is not ours.
 * Invalid events are dropped (counted by the caller).
 */
function unwrap(data: unknown): { event: ReturnType<typeof parseWireEvent> | null; ours: boolean } {
  if (typeof data !== 'object' || data === null || (data as { channel?: unknown }).channel !== PAGE_CHANNEL) {
    return { event: null, ours: false };
  }
  try {
    return { event: parseWireEvent((data as { event?: unknown }).event), ours: true };
  } catch {
    return { event: null, ours: true };
  }
}

/**
 * The live in-page source: listens on `BroadcastChannel('dcrflow-inspect')` (other tabs and frames of this origin)
 * and on `window.postMessage` envelopes from this origin or another loopback origin.
 *
 * @example
 * ```ts
 * const source = createPageSource();
 * // in the app: new BroadcastChannel('dcrflow-inspect').postMessage({ channel: 'dcrflow-inspect', event })
 * ```
 */
export function createPageSource(
  scope: { BroadcastChannel?: typeof BroadcastChannel; window?: Window } = globalThis,
): InspectorSource {
  const log = createEventLog({
    status: { state: 'open', message: `Listening on BroadcastChannel "${PAGE_CHANNEL}" and window messages.` },
    maxEvents: MAX_LIVE_EVENTS,
  });
  let invalid = 0;
  const receive = (data: unknown) => {
    const { event, ours } = unwrap(data);
    if (!ours) return;
    if (event === null) {
      invalid += 1;
      log.setStatus({
        state: 'open',
        message: `Listening; ${invalid} invalid message${invalid === 1 ? '' : 's'} dropped.`,
      });
      return;
    }
    log.append([event]);
  };
  const Channel = scope.BroadcastChannel;
  const channel = Channel === undefined ? null : new Channel(PAGE_CHANNEL);
  const onChannel = (message: MessageEvent) => receive(message.data);
  channel?.addEventListener('message', onChannel);
  const target = scope.window;
  const onWindow = (message: MessageEvent) => {
    if (message.origin !== target?.location.origin && !isLoopbackOrigin(message.origin)) return;
    receive(message.data);
  };
  target?.addEventListener('message', onWindow);
  let closed = false;
  return {
    kind: 'page',
    label: 'This browser (in-page)',
    live: true,
    subscribe: log.subscribe,
    snapshot: log.snapshot,
    now: log.producerNow,
    close() {
      if (closed) return;
      closed = true;
      channel?.removeEventListener('message', onChannel);
      channel?.close();
      target?.removeEventListener('message', onWindow);
      log.dispose();
    },
  };
}
