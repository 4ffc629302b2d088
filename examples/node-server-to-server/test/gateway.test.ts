import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from '@dcrflow/simulator/node';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createGateway } from '../src/createGateway.ts';

let sim: Awaited<ReturnType<typeof startSimulator>>;
let gateway: ReturnType<typeof createGateway>;
let gatewayUrl: string;
let dir: string;

beforeAll(async () => {
  sim = await startSimulator({ throttle: false });
  dir = await mkdtemp(join(tmpdir(), 'dcrflow-gateway-'));
  const { software_statement } = await sim.simulator.mintSoftwareStatement();
  gateway = createGateway({
    baseUrl: sim.url,
    softwareStatement: software_statement,
    credentialsDir: dir,
    serviceProvider: 'sp',
  });
  await new Promise<void>((resolve) => gateway.server.listen(0, '127.0.0.1', resolve));
  gatewayUrl = `http://127.0.0.1:${(gateway.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await gateway.close();
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

test('each device gets its own credential pair, registered once and reused', async () => {
  for (const device of ['stb-1', 'stb-2', 'stb-1', 'stb-2', 'stb-1']) {
    const response = await fetch(`${gatewayUrl}/devices/${device}/configuration`);
    expect(response.status).toBe(200);
  }
  const stats = sim.simulator.stats();
  expect(stats.registrations.total).toBe(2);
  expect(stats.tokens.total).toBe(2);
  expect(stats.requests.api).toBe(5);
});

test('unknown routes are 404 and never reach Adobe', async () => {
  const before = sim.simulator.stats().requests.total;
  expect((await fetch(`${gatewayUrl}/devices/../../etc/configuration`)).status).toBe(404);
  expect(sim.simulator.stats().requests.total).toBe(before);
});
