import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readEnhancedError } from '../src/index.ts';

// A protected API that sends a 401's headers and the start of its body, then stalls forever.
let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer((_request, response) => {
    response.writeHead(401, { 'content-type': 'application/json' });
    response.write('{"status":401,"code":"invalid_access_token_client_application",');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2/sp/configuration`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

it('gives up on a stalled error body after timeoutMs instead of hanging the caller', async () => {
  const controller = new AbortController();
  const response = await fetch(url, { signal: controller.signal });
  const started = performance.now();
  await expect(readEnhancedError(response, { timeoutMs: 200 })).resolves.toBeUndefined();
  const waited = performance.now() - started;
  expect(waited).toBeGreaterThanOrEqual(150);
  expect(waited).toBeLessThan(5_000);
  controller.abort();
});
