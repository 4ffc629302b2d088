import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { InspectOptionsError, type WireEvent } from '../src/index.ts';
import { type InspectorRelay, type InspectorRelayOptions, startInspectorRelay } from '../src/node/index.ts';
import { connectViewer, upgradeStatus } from './support/viewer.ts';
import { waitFor } from './support/waitFor.ts';

const relays: InspectorRelay[] = [];
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  await Promise.all(relays.splice(0).map((relay) => relay.close()));
});

async function relay(options: InspectorRelayOptions = {}): Promise<InspectorRelay> {
  const started = await startInspectorRelay(options);
  relays.push(started);
  return started;
}

async function producer(url: string): Promise<WebSocket> {
  const socket = new WebSocket(url);
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return socket;
}

function meta(seq: number, label = `m${seq}`): WireEvent {
  return { v: 1, seq, at: 1_000 + seq, sessionId: 'p1', actorId: 'x:0', kind: 'meta', label, data: { seq } };
}

function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => {
        body += chunk;
      });
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, type: String(response.headers['content-type']), body }),
      );
    })
      .on('error', reject)
      .end();
  });
}

describe('startInspectorRelay', () => {
  it('binds 127.0.0.1 on an ephemeral port and builds its URLs from a 128-bit token', async () => {
    const r = await relay();
    expect(r.sessionToken).toMatch(/^[0-9a-f]{32}$/);
    expect(r.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const port = new URL(r.url).port;
    expect(Number(port)).toBeGreaterThan(0);
    expect(r.wsUrl).toBe(`ws://127.0.0.1:${port}/?session=${r.sessionToken}`);
    expect(r.viewerWsUrl).toBe(`${r.wsUrl}&role=viewer`);
    expect(r.viewerUrl()).toBe(`${r.url}/?ws=${encodeURIComponent(r.viewerWsUrl)}`);
    expect(r.viewerUrl('/app/')).toBe(`${r.url}/app/?ws=${encodeURIComponent(r.viewerWsUrl)}`);
    expect(await get(`${r.url}/`)).toMatchObject({ status: 426 });
    // Nothing answers on the machine's other addresses: IPv6 loopback and every non-loopback interface.
    const elsewhere = [
      '[::1]',
      ...Object.values(networkInterfaces())
        .flat()
        .flatMap((info) => (info !== undefined && info.family === 'IPv4' && !info.internal ? [info.address] : [])),
    ];
    for (const host of elsewhere) {
      await expect(get(`http://${host}:${port}/`), host).rejects.toThrow();
    }
    expect((await relay()).sessionToken).not.toBe(r.sessionToken);
  });

  it('delivers producer events to every viewer, in order', async () => {
    const r = await relay();
    const viewerA = await connectViewer(r.viewerWsUrl);
    const viewerB = await connectViewer(r.viewerWsUrl);
    sockets.push(viewerA.socket, viewerB.socket);
    const p = await producer(r.wsUrl);
    for (let seq = 0; seq < 50; seq++) p.send(JSON.stringify(meta(seq)));
    await viewerA.waitForCount(50);
    await viewerB.waitForCount(50);
    expect(viewerA.events).toEqual(Array.from({ length: 50 }, (_, seq) => meta(seq)));
    expect(viewerB.events).toEqual(viewerA.events);
    expect(r.stats()).toMatchObject({ producers: 1, viewers: 2, events: 50, backlog: 50, rejectedFrames: 0 });
  });

  it('replays the bounded backlog to a viewer that connects later, then streams live', async () => {
    const r = await relay({ backlog: 3 });
    const p = await producer(r.wsUrl);
    for (let seq = 0; seq < 5; seq++) p.send(JSON.stringify(meta(seq)));
    await waitFor('5 relayed events', () => r.stats().events === 5);
    const late = await connectViewer(r.viewerWsUrl);
    sockets.push(late.socket);
    await late.waitForCount(3);
    p.send(JSON.stringify(meta(5)));
    await late.waitForCount(4);
    expect(late.events.map((event) => event.seq)).toEqual([2, 3, 4, 5]);
  });

  it('drops producer frames that are not wire events, and keeps going', async () => {
    const r = await relay();
    const viewer = await connectViewer(r.viewerWsUrl);
    sockets.push(viewer.socket);
    const p = await producer(r.wsUrl);
    p.send('not json');
    p.send(JSON.stringify({ ...meta(0), v: 2 }));
    p.send(Buffer.from([1, 2, 3]));
    p.send(JSON.stringify(meta(1)));
    await viewer.waitForCount(1);
    await waitFor('3 rejected frames', () => r.stats().rejectedFrames === 3);
    expect(viewer.events).toEqual([meta(1)]);
  });

  it('answers HTTP 401 to a wrong or missing session token', async () => {
    const r = await relay();
    const port = new URL(r.url).port;
    const wrong = `${r.sessionToken.slice(0, -1)}${r.sessionToken.endsWith('0') ? '1' : '0'}`;
    expect(await upgradeStatus(`ws://127.0.0.1:${port}/?session=${wrong}`)).toBe(401);
    expect(await upgradeStatus(`ws://127.0.0.1:${port}/?session=${wrong}&role=viewer`)).toBe(401);
    expect(await upgradeStatus(`ws://127.0.0.1:${port}/`)).toBe(401);
    expect(await upgradeStatus(`ws://127.0.0.1:${port}/?session=`)).toBe(401);
    expect(await upgradeStatus(r.wsUrl)).toBe(101);
    expect(r.stats().events).toBe(0);
  });

  it('answers HTTP 403 to a foreign Origin and accepts local ones', async () => {
    const r = await relay();
    for (const origin of [
      'https://evil.example',
      'http://127.0.0.1.evil.example',
      'null',
      'https://localhost:5173',
      'http://localhost:5173/path',
    ]) {
      expect(await upgradeStatus(r.viewerWsUrl, { Origin: origin }), origin).toBe(403);
    }
    for (const origin of ['http://localhost:5173', 'http://127.0.0.1:4400', 'http://localhost']) {
      expect(await upgradeStatus(r.viewerWsUrl, { Origin: origin }), origin).toBe(101);
    }
  });

  it('refuses other paths and unknown roles', async () => {
    const r = await relay();
    const port = new URL(r.url).port;
    expect(await upgradeStatus(`ws://127.0.0.1:${port}/other?session=${r.sessionToken}`)).toBe(404);
    expect(await upgradeStatus(`${r.wsUrl}&role=admin`)).toBe(400);
  });

  it('validates its options', async () => {
    await expect(startInspectorRelay({ host: '0.0.0.0' as '127.0.0.1' })).rejects.toThrow(
      new InspectOptionsError('startInspectorRelay: the relay listens on 127.0.0.1 only.'),
    );
    await expect(startInspectorRelay({ sessionToken: 'short' })).rejects.toThrow(InspectOptionsError);
    await expect(startInspectorRelay({ port: -1 })).rejects.toThrow(InspectOptionsError);
    await expect(startInspectorRelay({ backlog: 1.5 })).rejects.toThrow(InspectOptionsError);
    await expect(startInspectorRelay({ serveStatic: { dir: '/definitely/not/here' } })).rejects.toThrow(
      new InspectOptionsError('startInspectorRelay: `serveStatic.dir` must be an existing directory.'),
    );
  });

  it('accepts a chosen session token', async () => {
    const r = await relay({ sessionToken: 'fixed-token-for-the-demo' });
    expect(r.wsUrl.endsWith('?session=fixed-token-for-the-demo')).toBe(true);
    expect(await upgradeStatus(r.wsUrl)).toBe(101);
  });

  it('closes its sockets on close()', async () => {
    const r = await startInspectorRelay();
    const viewer = await connectViewer(r.viewerWsUrl);
    const closed = new Promise<number>((resolve) => viewer.socket.once('close', (code) => resolve(code)));
    await r.close();
    expect(await closed).toBe(1001);
    await expect(get(`${r.url}/`)).rejects.toThrow();
  });
});

describe('startInspectorRelay serveStatic', () => {
  let dir: string;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function site(): Promise<{ r: InspectorRelay; root: string }> {
    dir = await mkdtemp(join(tmpdir(), 'dcrflow-inspect-'));
    const root = join(dir, 'dist');
    await mkdir(join(root, 'assets'), { recursive: true });
    await writeFile(join(root, 'index.html'), '<!doctype html><title>inspector</title>');
    await writeFile(join(root, 'assets', 'app.js'), 'export const app = 1;');
    await writeFile(join(root, 'assets', 'app.css'), 'body{}');
    await writeFile(join(dir, 'secret.txt'), 'outside the root');
    await symlink(join(dir, 'secret.txt'), join(root, 'escape.txt'));
    return { r: await relay({ serveStatic: { dir: root } }), root };
  }

  it('serves files with their content types and index.html at /', async () => {
    const { r } = await site();
    expect(await get(`${r.url}/`)).toEqual({
      status: 200,
      type: 'text/html; charset=utf-8',
      body: '<!doctype html><title>inspector</title>',
    });
    expect(await get(`${r.url}/assets/app.js`)).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8' });
    expect(await get(`${r.url}/assets/app.css`)).toMatchObject({ status: 200, type: 'text/css; charset=utf-8' });
    // The page the viewer URL names is the app itself.
    expect(await get(r.viewerUrl())).toMatchObject({ status: 200, body: '<!doctype html><title>inspector</title>' });
  });

  it('falls back to index.html for client-side routes, but not for missing files', async () => {
    const { r } = await site();
    expect(await get(`${r.url}/sessions/42`)).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' });
    expect(await get(`${r.url}/assets/missing.js`)).toMatchObject({ status: 404 });
  });

  it('never serves anything outside the directory', async () => {
    const { r } = await site();
    for (const path of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/escape.txt',
      '/%00',
    ]) {
      const response = await get(`${r.url}${path}`);
      expect(response.body, path).not.toContain('outside the root');
      expect([400, 403, 404], path).toContain(response.status);
    }
  });

  it('still relays on the same port', async () => {
    const { r } = await site();
    expect(await upgradeStatus(r.viewerWsUrl)).toBe(101);
    expect(await upgradeStatus(`${r.url.replace('http', 'ws')}/?session=wrong-token-value`)).toBe(401);
  });
});
