import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../src/node/index.ts';
import { configurationRequest, json, mintStatement, registerRequest, start } from './helpers.ts';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await start();
});
afterAll(() => sim.close());

/** Sends raw bytes over TCP and resolves with the whole answer (the server closes or the timeout ends it). */
function rawRequest(head: string, body = '', timeoutMs = 3000): Promise<string> {
  const { hostname, port } = new URL(sim.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let answer = '';
    const timer = setTimeout(() => socket.destroy(), timeoutMs);
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      answer += chunk;
      // One complete response is enough.
      const [headers = '', payload = ''] = answer.split('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(headers)?.[1];
      if (length !== undefined && Buffer.byteLength(payload) >= Number(length)) socket.end();
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(answer);
    });
    socket.on('error', reject);
    socket.write(head + body);
  });
}

describe('hostile input', () => {
  it('answers 413 when Content-Length announces more than 64 KiB, without reading the body', async () => {
    const answer = await rawRequest(
      `POST /o/client/register HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n`,
      '{"software_statement":',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toContain('"error":"payload_too_large"');
  });

  it('answers 413 for a real oversized body (Content-Length sent by fetch)', async () => {
    const response = await registerRequest(sim.url, JSON.stringify({ software_statement: 'x'.repeat(70_000) }));
    expect(response.status).toBe(413);
    expect((await json(response)).error).toBe('payload_too_large');
  });

  it('answers 413 for a streamed body over 64 KiB without Content-Length', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(8192));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 20) controller.close();
        else {
          sent += 1;
          controller.enqueue(chunk);
        }
      },
    });
    const response = await fetch(`${sim.url}/o/client/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect((await json(response)).error).toBe('payload_too_large');
  });

  it('answers 413 in the enhanced shape under /api and for admin bodies', async () => {
    const api = await rawRequest('GET /api/v2/REF/configuration HTTP/1.1\r\nHost: x\r\nContent-Length: 70000\r\n\r\n');
    expect(api).toMatch(/^HTTP\/1\.1 413 /);
    expect(api).toContain('"code":"payload_too_large"');
    expect(api).toContain('"action":"none"');
    const admin = await fetch(`${sim.url}/admin/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"kind":"error","pad":"${'p'.repeat(70_000)}"}`,
    });
    expect(admin.status).toBe(413);
  });

  it('answers 405 with Allow for wrong methods', async () => {
    for (const method of ['GET', 'PUT', 'DELETE', 'PATCH']) {
      const response = await fetch(`${sim.url}/o/client/register`, { method });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST, OPTIONS');
      expect((await json(response)).error).toBe('method_not_allowed');
    }
    const head = await fetch(`${sim.url}/o/client/token`, { method: 'HEAD' });
    expect(head.status).toBe(405);
    const api = await fetch(`${sim.url}/api/v2/REF/configuration`, { method: 'POST' });
    expect(api.status).toBe(405);
    expect(api.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    expect(await json(api)).toMatchObject({ status: 405, code: 'method_not_allowed', action: 'none' });
  });

  it('answers 404 in the path’s error shape for unknown paths', async () => {
    for (const path of ['/', '/o/client/scopes', '/o/client/register/', '/admin/nothing', '/favicon.ico']) {
      const response = await fetch(`${sim.url}${path}`);
      expect(response.status).toBe(404);
      expect((await json(response)).error).toBe('not_found');
    }
    const api = await fetch(`${sim.url}/api/v3/REF/configuration`);
    expect(api.status).toBe(404);
    expect(await json(api)).toMatchObject({ status: 404, code: 'not_found', action: 'none' });
    const encoded = await fetch(`${sim.url}/api/v2/%E0%A4%A/configuration`, {
      headers: { authorization: 'Bearer x' },
    });
    // A malformed escape in a path segment is routed, not a crash.
    expect(encoded.status).toBe(401);
  });

  it('survives deeply nested and huge JSON', async () => {
    const deep = `${'['.repeat(30_000)}${']'.repeat(30_000)}`;
    const response = await registerRequest(sim.url, deep);
    expect(response.status).toBe(400);
    expect((await json(response)).error).toBe('invalid_request');
    const deepObject = `{"software_statement":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`;
    const nested = await registerRequest(sim.url, deepObject);
    expect(nested.status).toBe(400);
    expect((await json(nested)).error).toBe('invalid_software_statement');
    const wide = JSON.stringify(Object.fromEntries(Array.from({ length: 4000 }, (_, index) => [`k${index}`, index])));
    expect((await registerRequest(sim.url, wide)).status).toBe(400);
  });

  it('refuses invalid UTF-8 in a JSON body with invalid_request', async () => {
    const minted = await mintStatement(sim.url);
    const prefix = new TextEncoder().encode(`{"software_statement":"${minted.software_statement}","x":"`);
    const body = new Uint8Array([...prefix, 0xc3, 0x28, 0x22, 0x7d]);
    const response = await fetch(`${sim.url}/o/client/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(response.status).toBe(400);
    expect((await json(response)).error).toBe('invalid_request');
  });

  it('answers CORS preflights with 204 and the needed headers, and adds CORS to answers', async () => {
    for (const path of ['/o/client/register', '/o/client/token', '/api/v2/REF/configuration']) {
      const preflight = await fetch(`${sim.url}${path}`, {
        method: 'OPTIONS',
        headers: {
          origin: 'https://app.example',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,x-device-info',
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
      const allowed = preflight.headers.get('access-control-allow-headers')?.toLowerCase() ?? '';
      for (const header of [
        'content-type',
        'x-device-info',
        'authorization',
        'x-forwarded-for',
        'ap-device-identifier',
      ]) {
        expect(allowed).toContain(header);
      }
      expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    }
    const answer = await configurationRequest(sim.url, { origin: 'https://app.example' });
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    // Admin is not a browser surface.
    const admin = await fetch(`${sim.url}/admin/stats`, { headers: { origin: 'https://app.example' } });
    expect(admin.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers 400 JSON when the host cannot even build a Request (bad Host header)', async () => {
    const answer = await rawRequest('GET /admin/stats HTTP/1.1\r\nHost: [::1\r\nConnection: close\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('"error":"invalid_request"');
  });

  it('handles an aborted upload without crashing', async () => {
    const socketAnswer = rawRequest(
      `POST /o/client/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n`,
      '5\r\nabcde\r\n',
      200,
    );
    // The raw client times out and closes mid-body; the server must keep serving others.
    await socketAnswer;
    expect((await fetch(`${sim.url}/admin/stats`)).status).toBe(200);
  });
});
