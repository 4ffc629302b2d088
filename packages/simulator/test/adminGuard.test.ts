// Issue 13, item 8: the admin API (reset, revoke, faults, clock) accepted cross-site `text/plain` POSTs from any web
// page, and DNS-rebound requests. Real HTTP against a started simulator; raw node:http so Host and Origin are exactly
// what a browser would send.
import { request } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningSimulator } from '../src/node/index.ts';
import { mintStatement, start } from './helpers.ts';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await start();
});
afterAll(async () => {
  await sim.close();
});

function send(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; body: string }> {
  const url = new URL(path, sim.url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname, method, headers, setHost: !('host' in headers) },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const EVIL = { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site', 'content-type': 'text/plain' };

it.each([
  ['POST', '/admin/reset', undefined],
  ['POST', '/admin/faults', JSON.stringify({ kind: 'error', endpoint: 'register', count: 5 })],
  ['POST', '/admin/clock', JSON.stringify({ advanceSeconds: 86_400 })],
  ['POST', '/admin/software-statements/victim/revoke', undefined],
])('refuses a cross-site text/plain %s %s with 403 and changes nothing', async (method, path, body) => {
  const { software_statement } = await mintStatement(sim.url, { software_id: 'victim' });
  const before = { now: sim.simulator.now(), requests: sim.simulator.stats().requests.total };
  const response = await send(method, path, EVIL, body);
  expect(response.status).toBe(403);
  expect(JSON.parse(response.body)).toMatchObject({ error: 'access_denied' });
  // Not reset (counters kept), clock not advanced by a day (real time passes, hence the generous bound) …
  expect(sim.simulator.stats().requests.total).toBeGreaterThan(before.requests);
  expect(sim.simulator.now() - before.now).toBeLessThan(3_600_000);
  // … and the statement still registers: not revoked, and no fault queued on the register endpoint.
  const register = await fetch(`${sim.url}/o/client/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ software_statement }),
  });
  expect(register.status).toBe(201);
});

it('refuses a text/plain body even without an Origin (415)', async () => {
  const response = await send('POST', '/admin/clock', { 'content-type': 'text/plain' }, '{"advanceSeconds":60}');
  expect(response.status).toBe(415);
});

it('refuses a DNS-rebound request (Host is not loopback), also for GET', async () => {
  const port = new URL(sim.url).port;
  expect((await send('GET', '/admin/stats', { host: `rebind.evil.example:${port}` })).status).toBe(403);
  expect((await send('POST', '/admin/reset', { host: `rebind.evil.example:${port}` })).status).toBe(403);
});

it('still serves curl, Node fetch and a loopback page: body-less POST, JSON POST, loopback Origin', async () => {
  expect((await send('POST', '/admin/reset', {})).status).toBe(204);
  const json = { 'content-type': 'application/json', origin: 'http://localhost:5173' };
  expect((await send('POST', '/admin/clock', json, '{"advanceSeconds":1}')).status).toBe(200);
  expect((await fetch(`${sim.url}/admin/stats`)).status).toBe(200);
  const port = new URL(sim.url).port;
  expect((await send('GET', '/admin/stats', { host: `localhost:${port}` })).status).toBe(200);
});
