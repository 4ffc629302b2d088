import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatorStats } from '../src/index.ts';
import type { RunningSimulator } from '../src/node/index.ts';
import {
  configurationRequest,
  getToken,
  json,
  mintStatement,
  registerClient,
  registerRequest,
  start,
  tokenRequest,
} from './helpers.ts';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await start();
});
afterAll(() => sim.close());

const postJson = (path: string, body: unknown) =>
  fetch(`${sim.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('admin API', () => {
  it('counts requests, responses, registrations and tokens in GET /admin/stats', async () => {
    await fetch(`${sim.url}/admin/reset`, { method: 'POST' });
    const a = await registerClient(sim.url); // 1 admin + 1 register
    const b = await registerClient(sim.url, { software_statement: a.software_statement, software_id: a.software_id });
    await getToken(sim.url, a);
    await getToken(sim.url, a);
    await getToken(sim.url, b);
    await tokenRequest(sim.url, { grant_type: 'client_credentials', client_id: 'x', client_secret: 'y' });
    await configurationRequest(sim.url);
    await fetch(`${sim.url}/nowhere`);
    const stats = (await json(await fetch(`${sim.url}/admin/stats`))) as unknown as SimulatorStats;
    expect(stats).toEqual({
      requests: { register: 2, token: 4, api: 1, admin: 1, other: 1, total: 9 },
      responses: { '201': 6, '400': 1, '401': 1, '404': 1 },
      throttled: 0,
      faultsInjected: 0,
      registrations: { total: 2, bySoftwareId: { [a.software_id]: 2 } },
      tokens: { total: 3, byClientId: { [a.client_id]: 2, [b.client_id]: 1 } },
      clients: 2,
    });
    // The stats request itself is counted afterwards.
    expect(sim.simulator.stats().requests.admin).toBe(2);
  });

  it('logs requests without secrets in GET /admin/requests', async () => {
    sim.simulator.reset();
    const client = await registerClient(sim.url);
    const query = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: client.client_id,
      client_secret: client.client_secret,
    });
    await fetch(`${sim.url}/o/client/token?${query}`, { method: 'POST', headers: { 'x-forwarded-for': '192.0.2.9' } });
    const { requests } = await json(await fetch(`${sim.url}/admin/requests`));
    expect(requests).toEqual([
      {
        at: expect.any(Number),
        endpoint: 'admin',
        method: 'POST',
        path: '/admin/software-statements',
        status: 201,
        device: '127.0.0.1',
        softwareId: client.software_id,
      },
      {
        at: expect.any(Number),
        endpoint: 'register',
        method: 'POST',
        path: '/o/client/register',
        status: 201,
        device: '127.0.0.1',
        softwareId: client.software_id,
        clientId: client.client_id,
      },
      {
        at: expect.any(Number),
        endpoint: 'token',
        method: 'POST',
        path: '/o/client/token',
        status: 201,
        device: '192.0.2.9',
        softwareId: client.software_id,
        clientId: client.client_id,
      },
    ]);
    const serialised = JSON.stringify(sim.simulator.requests());
    expect(serialised).not.toContain(client.client_secret);
    expect(serialised).not.toContain(client.software_statement);
  });

  it('keeps only the last 10,000 log entries', async () => {
    sim.simulator.reset();
    const requests: Promise<Response>[] = [];
    for (let index = 0; index < 10_050; index += 1) {
      requests.push(sim.simulator.fetch(new Request(`http://sim.local/other/${index}`)));
    }
    await Promise.all(requests);
    const log = sim.simulator.requests();
    expect(log).toHaveLength(10_000);
    expect(log[0]?.path).toBe('/other/50');
    expect(log.at(-1)?.path).toBe('/other/10049');
    expect(sim.simulator.stats().requests.other).toBe(10_050);
  });

  it('POST /admin/reset forgets clients, revocations, faults, counters, log and clock — not the key', async () => {
    const client = await registerClient(sim.url);
    const token = await getToken(sim.url, client);
    const revoked = await mintStatement(sim.url);
    sim.simulator.revokeSoftwareStatement(revoked.software_id);
    sim.simulator.advanceClock(1000);
    sim.simulator.injectFault({ kind: 'error', count: 10 });
    const before = Date.now();
    expect((await fetch(`${sim.url}/admin/reset`, { method: 'POST' })).status).toBe(204);
    expect(sim.simulator.stats()).toEqual({
      requests: { register: 0, token: 0, api: 0, admin: 0, other: 0, total: 0 },
      responses: {},
      throttled: 0,
      faultsInjected: 0,
      registrations: { total: 0, bySoftwareId: {} },
      tokens: { total: 0, byClientId: {} },
      clients: 0,
    });
    expect(sim.simulator.requests()).toEqual([]);
    expect(sim.simulator.now()).toBeLessThan(before + 500_000);
    // Old credentials are unknown now; old tokens name an unknown client.
    const tokenAnswer = await tokenRequest(sim.url, {
      grant_type: 'client_credentials',
      client_id: client.client_id,
      client_secret: client.client_secret,
    });
    expect((await json(tokenAnswer)).error).toBe('invalid_client');
    expect((await json(await configurationRequest(sim.url, { authorization: `Bearer ${token}` }))).code).toBe(
      'invalid_access_token_client_application',
    );
    // The key survives: statements minted before the reset still register, revocations are forgotten.
    expect((await registerRequest(sim.url, { software_statement: client.software_statement })).status).toBe(201);
    expect((await registerRequest(sim.url, { software_statement: revoked.software_statement })).status).toBe(201);
  });

  it('validates admin input', async () => {
    for (const body of [{ software_id: 5 }, { software_id: '' }, { unknown: 1 }, '[]', '{']) {
      const response = await postJson('/admin/software-statements', body);
      expect(response.status).toBe(400);
      expect((await json(response)).error).toBe('invalid_request');
    }
    for (const body of [{}, { advanceSeconds: -1 }, { advanceSeconds: 'soon' }, '']) {
      expect((await postJson('/admin/clock', body)).status).toBe(400);
    }
    expect(() => sim.simulator.advanceClock(Number.NaN)).toThrow(RangeError);
    expect(() => sim.simulator.advanceClock(-5)).toThrow(RangeError);
    await expect(sim.simulator.mintSoftwareStatement({ software_id: '' })).rejects.toThrow(TypeError);
    expect((await fetch(`${sim.url}/admin/clients/unknown`, { method: 'DELETE' })).status).toBe(404);
  });

  it('POST /admin/clock answers the new simulated time', async () => {
    sim.simulator.reset();
    const response = await postJson('/admin/clock', { advanceSeconds: 3600 });
    expect(response.status).toBe(200);
    const { now } = await json(response);
    expect(Number(now) - Date.now()).toBeGreaterThan(3_599_000);
    expect(Number(now) - Date.now()).toBeLessThan(3_601_000);
  });

  it('answers 405 with Allow for wrong methods on admin routes', async () => {
    const response = await fetch(`${sim.url}/admin/stats`, { method: 'POST' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
    const faults = await fetch(`${sim.url}/admin/faults`, { method: 'GET' });
    expect(faults.headers.get('allow')).toBe('POST, DELETE');
  });
});
