import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createSimulator } from '../src/index.ts';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(directory, entry.name)) : [join(directory, entry.name)],
  );
}

describe('in-page use (the Web-standard handler, no server)', () => {
  it('runs the whole lifecycle through simulator.fetch and the programmatic twins', async () => {
    let realNow = 1_700_000_000_000;
    const simulator = createSimulator({ throttle: false, tokenTtlSeconds: 60, now: () => realNow });
    const { software_statement, software_id } = await simulator.mintSoftwareStatement({ software_id: 'tv-app' });
    expect(software_id).toBe('tv-app');

    const registered = await simulator.fetch(
      new Request('http://sim.local/o/client/register', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ software_statement }),
      }),
    );
    expect(registered.status).toBe(201);
    const { client_id, client_secret, client_id_issued_at } = (await registered.json()) as Record<string, string>;
    expect(client_id_issued_at).toBe(1_700_000_000);

    const tokenAnswer = await simulator.fetch(
      new Request('http://sim.local/o/client/token', {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id, client_secret } as Record<
          string,
          string
        >),
      }),
    );
    const token = (await tokenAnswer.json()) as { access_token: string; created_at: number; expires_in: number };
    expect(token).toMatchObject({ created_at: 1_700_000_000_000, expires_in: 60 });

    const api = () =>
      simulator.fetch(
        new Request('http://sim.local/api/v2/REF/configuration', {
          headers: { authorization: `Bearer ${token.access_token}` },
        }),
      );
    expect((await api()).status).toBe(200);
    realNow += 59_000; // the injected real clock drives the simulated one too
    expect((await api()).status).toBe(200);
    simulator.advanceClock(1);
    expect(simulator.now()).toBe(1_700_000_060_000);
    const expired = await api();
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as { code: string }).code).toBe('access_token_expired');

    expect(simulator.stats()).toMatchObject({ registrations: { total: 1 }, tokens: { total: 1 }, clients: 1 });
    expect(simulator.requests().map((entry) => entry.device)).toEqual(['local', 'local', 'local', 'local', 'local']);
  });

  it('uses env.remoteAddress as the device when given', async () => {
    const simulator = createSimulator({ throttle: false });
    await simulator.fetch(new Request('http://sim.local/o/client/token', { method: 'POST' }), {
      remoteAddress: '::ffff:192.0.2.1',
    });
    expect(simulator.requests()[0]?.device).toBe('192.0.2.1');
  });

  it('accepts caller-provided keys', async () => {
    const keys = (await crypto.subtle.generateKey(
      { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    )) as CryptoKeyPair;
    const a = createSimulator({ keys, throttle: false });
    const b = createSimulator({ keys, throttle: false });
    const { software_statement } = await a.mintSoftwareStatement();
    const answer = await b.fetch(
      new Request('http://sim.local/o/client/register', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ software_statement }),
      }),
    );
    expect(answer.status).toBe(201);
  });

  it('keeps the Web-standard core free of Node APIs and of other @dcrflow packages', () => {
    const files = sourceFiles(SRC).filter((file) => file.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      // Comments are dropped first: TSDoc examples legitimately mention the package names.
      const code = readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, '');
      expect(code, file).not.toMatch(/(?:from|import\()\s*['"]@dcrflow\//);
      if (!file.includes(join('src', 'node'))) {
        expect(code, file).not.toMatch(/(?:from|import\()\s*['"](?:node:|@hono\/node-server)/);
      }
    }
  });
});
