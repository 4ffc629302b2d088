import type { Reply } from './cannedServer.ts';

/** A JSON reply; `body` is serialised unless it is already a string (for truncated or odd JSON). */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return {
    status,
    headers: { 'content-type': 'application/json;charset=UTF-8', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  };
}

/** An HTML reply, like Adobe's 429 page or a proxy's 5xx page. */
export function html(status: number, headers: Record<string, string> = {}): Reply {
  return {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', ...headers },
    body: '<html><head><title>Error</title></head><body><h1>Something went wrong</h1></body></html>',
  };
}

/** Resolves with what the promise rejected with; fails the test if it fulfilled. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('Expected the promise to reject, but it fulfilled.');
}

export const DEVICE_INFO = {
  primaryHardwareType: 'SetTopBox',
  model: 'Roku Ultra',
  version: '4800X',
  manufacturer: 'Roku',
  osName: 'Roku OS',
  osVersion: '12.5',
  connectionType: 'Ethernet',
} as const;
