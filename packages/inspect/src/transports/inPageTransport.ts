import { InspectOptionsError } from '../errors/InspectOptionsError.ts';
import type { WireEvent } from '../wire/types.ts';
import type { InspectTransport } from './InspectTransport.ts';

/**
 * The default channel name of the in-page transport, also the `channel` field of its message envelope.
 *
 * @example
 * ```ts
 * new BroadcastChannel(IN_PAGE_CHANNEL).onmessage = ({ data }) => console.log(data.event);
 * ```
 */
export const IN_PAGE_CHANNEL = 'dcrflow-inspect';

/**
 * What an in-page transport posts: the envelope lets a page tell inspection traffic from its other messages.
 *
 * @example
 * ```ts
 * window.addEventListener('message', ({ data }: MessageEvent<InPageMessage>) => {
 *   if (data?.channel === 'dcrflow-inspect') timeline.push(data.event);
 * });
 * ```
 */
export interface InPageMessage {
  channel: string;
  event: WireEvent;
}

/** The part of `Window` (or `MessagePort`-like object) the postMessage variant needs. */
export interface PostMessageTarget {
  postMessage(message: unknown, targetOrigin: string): void;
}

/**
 * Options of {@link inPageTransport}.
 *
 * @example
 * ```ts
 * const options: InPageTransportOptions = { postMessage: { target: iframe.contentWindow!, targetOrigin: 'http://localhost:5173' } };
 * ```
 */
export interface InPageTransportOptions {
  /** BroadcastChannel name and envelope `channel` (default `'dcrflow-inspect'`). */
  channelName?: string;
  /**
   * Post to a window (an inspector iframe, `window.opener`) with `window.postMessage` instead of broadcasting.
   * `targetOrigin` defaults to the page's own origin: messages never go to a window of an unexpected origin.
   */
  postMessage?: { target: PostMessageTarget; targetOrigin?: string };
}

/**
 * A transport for an inspector in the same browser: a `BroadcastChannel` reaches every tab and frame of the same
 * origin (e.g. the inspector app open next to your app); the `postMessage` option reaches one window, such as an
 * embedded inspector iframe. Both post `{ channel: 'dcrflow-inspect', event }`.
 *
 * @example
 * ```ts
 * import { createInspectorBridge, inPageTransport } from '@dcrflow/inspect';
 * const bridge = createInspectorBridge({ transport: inPageTransport() });
 * const client = createDcrClient({ baseUrl, softwareStatement, store, inspect: bridge.inspect });
 * ```
 */
export function inPageTransport(options: InPageTransportOptions = {}): InspectTransport {
  const channel = options.channelName ?? IN_PAGE_CHANNEL;
  if (typeof channel !== 'string' || channel === '') {
    throw new InspectOptionsError('inPageTransport: `channelName` must be a non-empty string.');
  }
  if (options.postMessage !== undefined) {
    const { target } = options.postMessage;
    if (typeof target?.postMessage !== 'function') {
      throw new InspectOptionsError('inPageTransport: `postMessage.target` must have a postMessage method (a window).');
    }
    const targetOrigin = options.postMessage.targetOrigin ?? globalThis.location?.origin;
    if (targetOrigin === undefined || targetOrigin === 'null') {
      throw new InspectOptionsError(
        'inPageTransport: this page has no origin to post to; pass `postMessage.targetOrigin` explicitly.',
      );
    }
    let closed = false;
    return {
      send(event) {
        if (closed) return;
        try {
          target.postMessage({ channel, event } satisfies InPageMessage, targetOrigin);
        } catch {
          // A closed window or an uncloneable payload must not reach the machine.
        }
      },
      close() {
        closed = true;
      },
    };
  }
  if (typeof BroadcastChannel === 'undefined') {
    throw new InspectOptionsError(
      'inPageTransport: BroadcastChannel is not available here; pass the `postMessage` option instead.',
    );
  }
  const broadcast = new BroadcastChannel(channel);
  // Node keeps a process alive for an open channel; an inspection side channel should not.
  (broadcast as { unref?: () => void }).unref?.();
  let closed = false;
  return {
    send(event) {
      if (closed) return;
      try {
        broadcast.postMessage({ channel, event } satisfies InPageMessage);
      } catch {
        // See above: never throw into the machine.
      }
    },
    close() {
      if (closed) return;
      closed = true;
      broadcast.close();
    },
  };
}
