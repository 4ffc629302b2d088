import type { WebSocketConstructorLike } from '@dcrflow/inspect';

/**
 * The WebSocket client the demo streams inspection events with: the runtime's global `WebSocket` (Node ≥ 22), else
 * the `ws` package's client, which the CLI depends on — so a runtime without a global WebSocket gets a working demo
 * instead of "webSocketTransport: no WebSocket implementation here". `ws` is loaded only in that case.
 *
 * @param scope - where to look for a global `WebSocket`; tests pass one without it.
 *
 * @example
 * ```ts
 * const transport = webSocketTransport({ url: relay.wsUrl, WebSocket: await webSocketImplementation() });
 * ```
 */
export async function webSocketImplementation(
  scope: { WebSocket?: unknown } = globalThis,
): Promise<WebSocketConstructorLike> {
  if (typeof scope.WebSocket === 'function') return scope.WebSocket as WebSocketConstructorLike;
  const { WebSocket } = await import('ws');
  return WebSocket as unknown as WebSocketConstructorLike;
}
