// `dcrflow demo` end to end, as `npm start` runs it: the inspector app (built here with Vite into a temp dir) served
// by the relay, a live client against the simulator with 6 s tokens, opened in real headless Chromium. The page must
// show the client move tokenValid → expiring → tokenValid live. Missing Chromium FAILS the test (never skips).
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { CHROMIUM_ARGS, chromiumPath } from '../../../scripts/testing/chromium.ts';
import { BIN } from './support/runCli.ts';

const CHROMIUM = chromiumPath();
const inspectorRoot = fileURLToPath(new URL('../../../apps/inspector', import.meta.url));

let appDir: string;
let demo: ChildProcess | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  appDir = await mkdtemp(join(tmpdir(), 'dcrflow-demo-app-'));
  await build({ root: inspectorRoot, logLevel: 'error', build: { outDir: appDir, emptyOutDir: true } });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  demo?.kill('SIGKILL');
  await rm(appDir, { recursive: true, force: true });
});

/** Starts `dcrflow demo --json` and resolves with its first stdout line. */
function startDemo(): Promise<{ inspectorUrl: string; simulatorUrl: string }> {
  const child = spawn(
    process.execPath,
    ['--conditions=@dcrflow/source', BIN, 'demo', '--port', '0', '--token-ttl', '6', '--json', '--app-dir', appDir],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  demo = child;
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line !== undefined) resolve(JSON.parse(line));
    });
    child.on('exit', (code) => reject(new Error(`dcrflow demo exited early with ${code}`)));
  });
}

test('npm start demo: the printed URL shows the live client going tokenValid → expiring → tokenValid', async () => {
  expect(
    existsSync(CHROMIUM),
    `Chromium is missing at ${CHROMIUM}: npm test installs it (apt-get install chromium)`,
  ).toBe(true);
  const { inspectorUrl } = await startDemo();
  expect(inspectorUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?ws=/);

  browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS] });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(inspectorUrl);
  await page.locator('[data-testid="chart-state"]', { hasText: 'tokenValid' }).waitFor({ timeout: 20_000 });

  // With 6 s tokens the refresh lead starts after ~4.8 s: wait (bounded) for a row whose resulting state is
  // expiring, followed by a later row back in tokenValid — the refresh seen live in the timeline.
  await page.waitForFunction(
    () => {
      const rows = [...document.querySelectorAll('[data-row]')].map((row) => ({
        index: Number(row.getAttribute('data-row')),
        state: row.querySelector('[data-testid="row-state"]')?.textContent ?? '',
      }));
      const expiring = rows.find((row) => row.state.startsWith('expiring'));
      return expiring !== undefined && rows.some((row) => row.index > expiring.index && row.state === 'tokenValid');
    },
    undefined,
    { timeout: 20_000, polling: 200 },
  );
  expect(await page.locator('[data-testid="chart-state"]').textContent()).toContain('tokenValid');
  // The HTTP lane: the demo's requests (register, token, API) are listed with their status.
  await page.selectOption('[data-testid="timeline-lane"]', 'http');
  const httpRows = page.locator('[data-type="http"]');
  await httpRows.first().waitFor({ timeout: 10_000 });
  const lane = (await httpRows.allTextContents()).join('\n');
  expect(lane).toContain('POST /o/client/register');
  expect(lane).toContain('POST /o/client/token');
  expect(lane).toMatch(/201 · \d+ ms/);

  // Ctrl-C stops everything cleanly.
  const exited = new Promise<number | null>((resolve) => demo?.once('exit', (code) => resolve(code)));
  demo?.kill('SIGINT');
  expect(await exited).toBe(0);
  demo = undefined;
}, 90_000);

test('dcrflow inspect serves the built inspector on 127.0.0.1 and refuses a wrong session token', async () => {
  const child = spawn(
    process.execPath,
    ['--conditions=@dcrflow/source', BIN, 'inspect', '--port', '0', '--json', '--app-dir', appDir],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const first = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0] as string);
    });
    child.on('exit', (code) => reject(new Error(`dcrflow inspect exited early with ${code}`)));
  });
  const { inspectorUrl, producerUrl } = JSON.parse(first) as { inspectorUrl: string; producerUrl: string };
  expect(inspectorUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
  const page = await fetch(inspectorUrl);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('<div id="root">');

  const wrong = producerUrl.replace(/session=[0-9a-f]+/, 'session=0000');
  const refused = await new Promise<string>((resolve) => {
    const socket = new WebSocket(wrong);
    socket.addEventListener('open', () => resolve('open'));
    socket.addEventListener('error', () => resolve('refused'));
  });
  expect(refused).toBe('refused');

  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
}, 30_000);
