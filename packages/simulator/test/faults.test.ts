import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, SimulatedConnectionReset } from '../src/index.ts';
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
afterEach(() => sim.simulator.reset());

async function injectOverHttp(spec: unknown): Promise<Response> {
  return fetch(`${sim.url}/admin/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(spec),
  });
}

async function tokenStatus(client: { client_id: string; client_secret: string }) {
  return (
    await tokenRequest(sim.url, {
      grant_type: 'client_credentials',
      client_id: client.client_id,
      client_secret: client.client_secret,
    })
  ).status;
}

describe('fault injection', () => {
  it("'error' answers an HTML 503 by default, before any state change, for `count` requests", async () => {
    const minted = await mintStatement(sim.url);
    const injected = await injectOverHttp({ kind: 'error', endpoint: 'register', count: 2 });
    expect(injected.status).toBe(201);
    expect((await json(injected)).id).toEqual(expect.any(String));
    for (let index = 0; index < 2; index += 1) {
      const response = await registerRequest(sim.url, { software_statement: minted.software_statement });
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await response.text()).toContain('<html>');
    }
    expect(sim.simulator.stats()).toMatchObject({ registrations: { total: 0 }, clients: 0, faultsInjected: 2 });
    expect((await registerRequest(sim.url, { software_statement: minted.software_statement })).status).toBe(201);
  });

  it("'error' honours a custom status and targets only its endpoint", async () => {
    const client = await registerClient(sim.url);
    sim.simulator.injectFault({ kind: 'error', endpoint: 'token', status: 502 });
    expect((await configurationRequest(sim.url)).status).toBe(401); // api untouched
    expect(await tokenStatus(client)).toBe(502);
    expect(await tokenStatus(client)).toBe(201);
    expect(sim.simulator.requests().find((entry) => entry.status === 502)).toMatchObject({
      endpoint: 'token',
      fault: 'error',
    });
  });

  it("'throttle' answers 429 HTML without Retry-After", async () => {
    const client = await registerClient(sim.url);
    sim.simulator.injectFault({ kind: 'throttle', endpoint: 'token' });
    const response = await tokenRequest(sim.url, {
      grant_type: 'client_credentials',
      client_id: client.client_id,
      client_secret: client.client_secret,
    });
    expect(response.status).toBe(429);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('retry-after')).toBeNull();
    expect(sim.simulator.stats()).toMatchObject({ tokens: { total: 0 }, throttled: 0, faultsInjected: 1 });
  });

  it("'reset' drops the connection (fetch rejects) and changes nothing", async () => {
    const minted = await mintStatement(sim.url);
    sim.simulator.injectFault({ kind: 'reset', endpoint: 'register' });
    await expect(registerRequest(sim.url, { software_statement: minted.software_statement })).rejects.toThrow(
      TypeError,
    );
    expect(sim.simulator.stats()).toMatchObject({ registrations: { total: 0 }, clients: 0, faultsInjected: 1 });
    expect(sim.simulator.requests().at(-1)).toMatchObject({ endpoint: 'register', status: 0, fault: 'reset' });
    // The server keeps serving after the reset.
    expect((await registerRequest(sim.url, { software_statement: minted.software_statement })).status).toBe(201);
  });

  it("'delay' waits delayMs, then the request proceeds normally", async () => {
    const client = await registerClient(sim.url);
    sim.simulator.injectFault({ kind: 'delay', endpoint: 'token', delayMs: 300 });
    const started = performance.now();
    expect(await tokenStatus(client)).toBe(201);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(await tokenStatus(client)).toBe(201);
    // Only the first request was delayed: the log says so (a wall-clock "< 250 ms" failed on a loaded machine).
    const tokenLog = sim.simulator.requests().filter((entry) => entry.endpoint === 'token');
    expect(tokenLog.map((entry) => entry.fault)).toEqual(['delay', undefined]);
    expect(sim.simulator.stats().tokens.total).toBe(2);
  });

  it("'malformed' register: 201 with truncated JSON, and the client IS created (a lost response)", async () => {
    const minted = await mintStatement(sim.url);
    sim.simulator.injectFault({ kind: 'malformed', endpoint: 'register' });
    const response = await registerRequest(sim.url, { software_statement: minted.software_statement });
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const text = await response.text();
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    expect(text.startsWith('{"client_id":')).toBe(true);
    expect(sim.simulator.stats()).toMatchObject({ registrations: { total: 1 }, clients: 1 });
  });

  it("'malformed' token and api answers are 2xx garbage too", async () => {
    const client = await registerClient(sim.url);
    const token = await getToken(sim.url, client);
    sim.simulator.injectFault({ kind: 'malformed', endpoint: 'token' });
    sim.simulator.injectFault({ kind: 'malformed', endpoint: 'api' });
    const tokenResponse = await tokenRequest(sim.url, {
      grant_type: 'client_credentials',
      client_id: client.client_id,
      client_secret: client.client_secret,
    });
    expect(tokenResponse.status).toBe(201);
    await expect(tokenResponse.json()).rejects.toThrow(SyntaxError);
    const api = await configurationRequest(sim.url, { authorization: `Bearer ${token}` });
    expect(api.status).toBe(200);
    await expect(api.json()).rejects.toThrow(SyntaxError);
    // An error answer turned malformed still gets a 2xx status.
    sim.simulator.injectFault({ kind: 'malformed', endpoint: 'api' });
    expect((await configurationRequest(sim.url)).status).toBe(200);
  });

  it("'*' hits DCR and API endpoints but never /admin", async () => {
    sim.simulator.injectFault({ kind: 'error', probability: 1 });
    expect((await fetch(`${sim.url}/admin/stats`)).status).toBe(200);
    expect((await mintStatement(sim.url)).software_id).toEqual(expect.any(String));
    expect((await registerRequest(sim.url, {})).status).toBe(503);
    expect((await tokenRequest(sim.url, {})).status).toBe(503);
    expect((await configurationRequest(sim.url)).status).toBe(503);
    sim.simulator.clearFaults();
    expect((await configurationRequest(sim.url)).status).toBe(401);
  });

  it('DELETE /admin/faults clears armed faults', async () => {
    await injectOverHttp({ kind: 'error', count: 5 });
    expect((await fetch(`${sim.url}/admin/faults`, { method: 'DELETE' })).status).toBe(204);
    expect((await configurationRequest(sim.url)).status).toBe(401);
  });

  it('probability with a seed is deterministic and roughly proportional', async () => {
    async function pattern(): Promise<number[]> {
      const simulator = createSimulator({ throttle: false });
      simulator.injectFault({ kind: 'error', endpoint: 'api', probability: 0.3, seed: 1234 });
      const statuses: number[] = [];
      for (let index = 0; index < 200; index += 1) {
        statuses.push((await simulator.fetch(new Request('http://sim.local/api/v2/X/configuration'))).status);
      }
      return statuses;
    }
    const first = await pattern();
    expect(await pattern()).toEqual(first);
    const failures = first.filter((status) => status === 503).length;
    expect(failures).toBeGreaterThan(35);
    expect(failures).toBeLessThan(85);
  });

  it('probability with count stops after count hits', async () => {
    const simulator = createSimulator({ throttle: false });
    simulator.injectFault({ kind: 'error', endpoint: 'api', probability: 0.5, count: 3, seed: 7 });
    let failures = 0;
    for (let index = 0; index < 100; index += 1) {
      if ((await simulator.fetch(new Request('http://sim.local/api/v2/X/configuration'))).status === 503) failures += 1;
    }
    expect(failures).toBe(3);
    expect(simulator.stats().faultsInjected).toBe(3);
  });

  it('in-page, a reset fault makes simulator.fetch throw SimulatedConnectionReset (a fetch-like TypeError)', async () => {
    const simulator = createSimulator({ throttle: false });
    simulator.injectFault({ kind: 'reset', endpoint: 'api' });
    const failure = await simulator.fetch(new Request('http://sim.local/api/v2/X/configuration')).catch((e) => e);
    expect(SimulatedConnectionReset.is(failure)).toBe(true);
    expect(failure).toBeInstanceOf(TypeError);
    expect(failure.message).toBe('fetch failed');
    expect(failure.cause).toMatchObject({ code: 'ECONNRESET' });
    expect(SimulatedConnectionReset.is(new TypeError('fetch failed'))).toBe(false);
    expect((await simulator.fetch(new Request('http://sim.local/api/v2/X/configuration'))).status).toBe(401);
  });

  it.each([
    [{}, 'kind'],
    [{ kind: 'explode' }, 'kind'],
    [{ kind: 'error', status: 404 }, 'status'],
    [{ kind: 'error', count: 0 }, 'count'],
    [{ kind: 'error', probability: 2 }, 'probability'],
    [{ kind: 'delay', delayMs: -1 }, 'delayMs'],
    [{ kind: 'error', endpoint: 'admin' }, 'endpoint'],
    [{ kind: 'error', surprise: true }, ''],
  ])('refuses the invalid spec %j with 400', async (spec, field) => {
    const response = await injectOverHttp(spec);
    expect(response.status).toBe(400);
    const body = await json(response);
    expect(body.error).toBe('invalid_request');
    expect(String(body.error_description)).toContain(field);
    expect(() => sim.simulator.injectFault(spec as never)).toThrow(TypeError);
  });
});
