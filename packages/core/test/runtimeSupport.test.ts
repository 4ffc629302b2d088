// docs/runtime-support.md: a runtime below the support floor gets one clear ConfigurationError when the client is
// created, naming what to polyfill — not a client that hangs in `registering` until `waitTimeoutMs`. Its own file:
// the check runs once per module instance, and vitest gives each test file fresh modules.
import { afterEach, expect, it } from 'vitest';
import { ConfigurationError, createDcrClient, memoryStore } from '../src/index.ts';

const saved = { hasOwn: Object.hasOwn, any: AbortSignal.any };
afterEach(() => {
  Object.hasOwn = saved.hasOwn;
  AbortSignal.any = saved.any;
});

const options = { baseUrl: 'https://sp.auth.adobe.com', softwareStatement: 'a.b.c', store: memoryStore() };

it('names every missing API and the polyfill guide, then works once they are polyfilled', () => {
  // @ts-expect-error -- simulating a Chromium 69 smart-TV browser without the documented polyfills
  delete Object.hasOwn;
  // @ts-expect-error -- idem
  delete AbortSignal.any;
  let error: unknown;
  try {
    createDcrClient(options);
  } catch (caught) {
    error = caught;
  }
  expect(ConfigurationError.is(error)).toBe(true);
  expect((error as Error).message).toMatch(/lacks AbortSignal\.any, Object\.hasOwn, which/);
  expect((error as Error).message).toContain('docs/runtime-support.md');

  Object.hasOwn = saved.hasOwn;
  AbortSignal.any = saved.any;
  const client = createDcrClient(options);
  expect(client.state).toBe('loading');
  client.stop();
});
