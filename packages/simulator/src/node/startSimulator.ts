/// <reference types="node" />
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener, RequestError } from '@hono/node-server';
import { createSimulator } from '../createSimulator.ts';
import { SimulatedConnectionReset } from '../errors/SimulatedConnectionReset.ts';
import type { Simulator } from '../types/Simulator.ts';
import type { SimulatorOptions } from '../types/SimulatorOptions.ts';

/**
 * Options of {@link startSimulator}: the simulator's options plus where to listen.
 *
 * @example
 * const options: StartSimulatorOptions = { port: 0, throttle: false };
 */
export interface StartSimulatorOptions extends SimulatorOptions {
  /** TCP port; default 0 (an ephemeral port — read it from `url`). */
  port?: number;
  /** Interface to bind; default `127.0.0.1` (never all interfaces unless asked). */
  host?: string;
}

/**
 * A simulator listening on HTTP.
 *
 * @example
 * const { url, close } = await startSimulator();
 * console.log(url); // http://127.0.0.1:43123
 * await close();
 */
export interface RunningSimulator {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:43123`. */
  url: string;
  simulator: Simulator;
  /** Stops listening and closes every open connection. */
  close(): Promise<void>;
}

/**
 * Starts the simulator on a Node HTTP server. The TCP peer address feeds the throttle when no `X-Forwarded-For` is
 * sent; an injected `'reset'` fault destroys the socket so the client sees a real connection reset.
 *
 * @example
 * import { startSimulator } from '@dcrflow/simulator/node';
 *
 * const { url, simulator, close } = await startSimulator({ port: 0 });
 * const { software_statement } = await simulator.mintSoftwareStatement();
 * const response = await fetch(`${url}/o/client/register`, {
 *   method: 'POST',
 *   headers: { 'Content-Type': 'application/json' },
 *   body: JSON.stringify({ software_statement }),
 * });
 * console.log(response.status); // 201
 * await close();
 */
export async function startSimulator(options: StartSimulatorOptions = {}): Promise<RunningSimulator> {
  const { port = 0, host = '127.0.0.1', ...simulatorOptions } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new RangeError('port must be an integer 0..65535.');
  const simulator = createSimulator(simulatorOptions);

  const listener = getRequestListener(
    async (request, env) => {
      const incoming = env.incoming as IncomingMessage;
      try {
        return await simulator.fetch(request, { remoteAddress: incoming.socket.remoteAddress ?? 'local' });
      } catch (error) {
        if (SimulatedConnectionReset.is(error)) incoming.socket.destroy();
        throw error;
      }
    },
    {
      // Keep Node's own Request/Response globals: the test process shares them with its fetch client.
      overrideGlobalObjects: false,
      errorHandler: (error) => {
        if (SimulatedConnectionReset.is(error)) return undefined; // the socket is already gone
        // RequestError: Node could not even build a Request (e.g. a bad Host header) — the client's fault.
        const malformed = error instanceof RequestError;
        return new Response(
          JSON.stringify(
            malformed
              ? { error: 'invalid_request', error_description: 'The request is malformed.' }
              : { error: 'server_error', error_description: 'The simulator host failed unexpectedly.' },
          ),
          { status: malformed ? 400 : 500, headers: { 'content-type': 'application/json;charset=utf-8' } },
        );
      },
    },
  );

  const server = createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostname = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${hostname}:${address.port}`,
    simulator,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
