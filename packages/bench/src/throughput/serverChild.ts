// Child process of the throughput bench: serves on 127.0.0.1 (ephemeral port) and prints `listening <url>`.
// `simulator`: the dcrflow simulator with its throttle off. `bare`: a bare node:http server that reads the request
// body and answers a fixed 201 JSON of the same shape and size as the simulator's — the ceiling of this machine,
// this Node and this load generator.
import { createServer } from 'node:http';
import { startSimulator } from '@dcrflow/simulator/node';

const kind = process.argv[2];
if (kind === 'simulator') {
  const { url } = await startSimulator({ port: 0, throttle: false });
  process.stdout.write(`listening ${url}\n`);
} else if (kind === 'bare') {
  const register = JSON.stringify({
    client_id: '9a3c4d0e-5f6a-4b7c-8d9e-0f1a2b3c4d5e',
    client_secret: 'FXixPOsMp2k9o_4JFlWmwrac7f__B4a6WlMzFGyete8',
    client_id_issued_at: 1795776723,
    redirect_uris: [],
    grant_types: ['client_credentials'],
    scopes: ['api:client:v2'],
  });
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(201, { 'Content-Type': 'application/json;charset=utf-8', 'Cache-Control': 'no-store' });
      response.end(register);
    });
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    if (typeof address !== 'object' || address === null) throw new Error('no address');
    process.stdout.write(`listening http://127.0.0.1:${address.port}\n`);
  });
} else {
  throw new Error('usage: serverChild.ts simulator|bare');
}
