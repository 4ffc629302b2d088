// docs/runtime-support.md: the client's default path (plain fetch, decision 0017) calls none of the post-ES2021 APIs
// ky 2 needs, so an engine without them (an old smart-TV browser) runs the whole lifecycle with no polyfill. Only
// `kyFetch` needs them, and says so (protocol/test/kyFetch.test.ts). The browser-level proof is the consumer test.
import { createSimulator } from '@dcrflow/simulator';
import { afterEach, expect, it } from 'vitest';
import { createDcrClient, memoryStore } from '../src/index.ts';

const KY_APIS = [
  [AbortSignal, 'any'],
  [AbortSignal.prototype, 'throwIfAborted'],
  [Object, 'hasOwn'],
  [Array.prototype, 'at'],
  [String.prototype, 'replaceAll'],
] as const;
const saved = KY_APIS.map(([owner, key]) => Object.getOwnPropertyDescriptor(owner, key)!);
const remove = () => {
  for (const [owner, key] of KY_APIS) delete (owner as unknown as Record<string, unknown>)[key];
};
const restore = () => {
  KY_APIS.forEach(([owner, key], index) => {
    Object.defineProperty(owner, key, saved[index]!);
  });
};
afterEach(restore);

it('registers, gets a token and serves it with none of ky 2’s APIs present', async () => {
  const simulator = createSimulator();
  const { software_statement: softwareStatement } = await simulator.mintSoftwareStatement();
  let requests = 0;
  remove();
  const client = createDcrClient({
    baseUrl: 'https://sp.auth.adobe.com',
    softwareStatement,
    store: memoryStore(),
    deviceInfo: { model: 'TV', version: '1', osName: 'Linux', osVersion: '4', connectionType: 'WiFi' },
    // The judge (the in-process simulator and Node's Request/Response) runs with the APIs back; the client never does.
    fetch: async (input, init) => {
      requests += 1;
      restore();
      try {
        const response = await simulator.fetch(new Request(input, init));
        return new Response(await response.text(), { status: response.status, headers: response.headers });
      } finally {
        remove();
      }
    },
  });
  try {
    const token = await client.getAccessToken();
    expect(client.state).toBe('tokenValid');
    expect((await client.getAccessToken()).accessToken).toBe(token.accessToken);
    expect(requests).toBe(2);
    expect(typeof Object.hasOwn).toBe('undefined');
  } finally {
    client.stop();
  }
});
