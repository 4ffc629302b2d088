import { describe, expect, it } from 'vitest';
import { WebSocket as WsWebSocket } from 'ws';
import { webSocketImplementation } from '../src/inspector/webSocketImplementation.ts';

describe('webSocketImplementation', () => {
  it("uses the runtime's global WebSocket when there is one", async () => {
    expect(await webSocketImplementation(globalThis)).toBe(globalThis.WebSocket);
  });

  it("falls back to the ws package's client on a runtime without one (the Node 20 demo crash of issue 10)", async () => {
    const Socket = await webSocketImplementation({});
    expect(Socket).toBe(WsWebSocket);
  });
});
