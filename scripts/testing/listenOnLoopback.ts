import type { RequestListener } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoopbackServer {
  /** e.g. `http://127.0.0.1:41234/`. */
  readonly url: string;
  /** Closes the server and every open connection (a browser's keep-alive would otherwise hold it open). */
  close(): Promise<void>;
}

/**
 * Serves `handler` on 127.0.0.1 at an ephemeral port. Tests never bind another interface (the brief's rule) and never
 * pick a port themselves, so parallel test files cannot collide.
 */
export async function listenOnLoopback(handler: RequestListener): Promise<LoopbackServer> {
  const server = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
