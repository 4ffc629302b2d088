import { createServer, type IncomingMessage, type Server } from 'node:http';
import { join } from 'node:path';
import { createClientPool, fileStore } from '@dcrflow/node';

export interface GatewayOptions {
  /** Adobe Pass (or simulator) base URL. */
  baseUrl: string;
  softwareStatement: string | (() => Promise<string>);
  /** Where each device's credentials live (one file per device). Use redisStore for a fleet of servers. */
  credentialsDir: string;
  serviceProvider: string;
}

/**
 * A tiny HTTP gateway a set-top-box backend might run: `GET /devices/:id/configuration` calls Adobe Pass REST API v2
 * on behalf of device `:id`. Each device gets its own DCR credential pair (Adobe: one pair per device for
 * server-to-server), registered once, kept forever, refreshed with the stored credentials; the device's own IP and
 * X-Device-Info are forwarded so Adobe's per-device throttling and device rules see the real device.
 */
export function createGateway(options: GatewayOptions): { server: Server; close(): Promise<void> } {
  const pool = createClientPool({
    baseUrl: options.baseUrl,
    softwareStatement: options.softwareStatement,
    // Device keys come from the URL: keep them to a safe file-name alphabet.
    store: (deviceKey) => fileStore({ path: join(options.credentialsDir, `${deviceKey}.json`) }),
    maxActiveClients: 1_000, // idle clients are evicted; their state stays in the store (warm start = 0 requests)
  });
  pool.on('reauthenticationRequired', (_event, deviceKey) => {
    console.warn(`device ${deviceKey}: credentials were replaced, its user must sign in again`);
  });

  const server = createServer(async (request, response) => {
    const match = /^\/devices\/([A-Za-z0-9_-]{1,64})\/configuration$/.exec(request.url ?? '');
    if (request.method !== 'GET' || match === null) {
      response.writeHead(404).end();
      return;
    }
    const device = { key: match[1] as string, forwardedFor: clientIp(request), ...deviceInfoOf(request) };
    try {
      const upstream = await pool.fetch(device, `${options.baseUrl}/api/v2/${options.serviceProvider}/configuration`);
      response.writeHead(upstream.status, { 'content-type': 'application/json' }).end(await upstream.text());
    } catch (error) {
      // dcrflow errors carry a stable code and a message that never contains a secret.
      const code = (error as { code?: string }).code ?? 'unexpected';
      response.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ error: code }));
    }
  });

  return {
    server,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.close();
    },
  };
}

function clientIp(request: IncomingMessage): string {
  return request.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1';
}

/** Forward the device's own X-Device-Info header when it sent one. */
function deviceInfoOf(request: IncomingMessage): { deviceInfo?: string } {
  const header = request.headers['x-device-info'];
  return typeof header === 'string' && header !== '' ? { deviceInfo: header } : {};
}
