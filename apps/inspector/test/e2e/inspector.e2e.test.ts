// End-to-end: the built app in real headless Chromium (playwright-core + the system browser, never a download).
// Vite's build() into a temp dir, preview() on 127.0.0.1:0, then teaching mode, the live in-page source, a recording
// scrubbed, a secret scan, and a 10,000-event recording for the benchmark (timings printed, never asserted).
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDcrClient, memoryStore } from '@dcrflow/core';
import { createInspectorBridge, webSocketTransport } from '@dcrflow/inspect';
import { startInspectorRelay } from '@dcrflow/inspect/node';
import { createSimulator } from '@dcrflow/simulator';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { build, type PreviewServer, preview } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, chromiumPath } from '../../../../scripts/testing/chromium.ts';
import { SCENARIOS } from '../../src/teaching/scenarios.ts';
import { exportRecording } from '../../src/wire/exportRecording.ts';
import type { WireEvent } from '../../src/wire/wireTypes.ts';
import { firstRunAndRefresh, type RecordedRun, recordRun } from '../helpers/recordRun.ts';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const resultsDir = join(appDir, '.test-results');
// Screenshots are taken on every run; they replace the committed ones in docs/images only when asked, so a test run
// does not leave the working tree dirty (DCRFLOW_UPDATE_SCREENSHOTS=1 pnpm --filter @dcrflow/inspector test).
const imagesDir =
  process.env.DCRFLOW_UPDATE_SCREENSHOTS === '1'
    ? join(appDir, '..', '..', 'docs', 'images')
    : join(resultsDir, 'screenshots');
const CHROMIUM = chromiumPath();
const VIEWPORT = { width: 1440, height: 900 };

let outDir: string;
let server: PreviewServer;
let browser: Browser;
let origin: string;
/** Every request a page made that did not go to the preview server. */
const strayRequests: string[] = [];

/** Opens the app; pages opened with the same `context` share an origin's BroadcastChannel (a new context does not). */
async function openPage(query: string, context?: BrowserContext): Promise<Page> {
  const page = context === undefined ? await browser.newPage({ viewport: VIEWPORT }) : await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) strayRequests.push(url);
  });
  (page as Page & { errors?: string[] }).errors = errors;
  await page.goto(`${origin}/${query}`);
  return page;
}

const pageErrors = (page: Page) => (page as Page & { errors?: string[] }).errors ?? [];

/** The chart shows `stateId` as active (the layout is async, so this waits). */
async function expectActive(page: Page, stateId: string) {
  await page.locator(`[data-state-id="${stateId}"][data-active="true"]`).first().waitFor({ timeout: 10_000 });
}

async function expectNoSecrets(page: Page, secrets: readonly string[]) {
  const html = await page.content();
  const text = await page.evaluate(() => document.body.textContent ?? '');
  // Attribute values (title tooltips) are in the HTML; the text content includes what the HTML escapes.
  for (const secret of secrets) {
    expect(html.includes(secret), 'a secret appeared in the page HTML').toBe(false);
    expect(text.includes(secret), 'a secret appeared in the page text').toBe(false);
  }
}

/** Set when the browser or the build is missing: every test then FAILS with it (a throwing beforeAll only skips). */
let setupError: Error | null = null;
function ready() {
  if (setupError !== null) throw setupError;
}

async function setUp() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium was not found at ${CHROMIUM}. The end-to-end tests need a real browser: install it (apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
  }
  outDir = await mkdtemp(join(tmpdir(), 'dcrflow-inspector-e2e-'));
  // Vitest runs with NODE_ENV=test, which would make Vite bundle React's development build: build as `vite build`
  // does (NODE_ENV is read when the build starts).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      root: appDir,
      configFile: join(appDir, 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  server = await preview({
    root: appDir,
    configFile: join(appDir, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
  });
  const address = server.httpServer.address();
  if (address === null || typeof address === 'string') throw new Error('The preview server has no TCP address.');
  origin = `http://127.0.0.1:${address.port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS] });
  await mkdir(imagesDir, { recursive: true });
  await mkdir(resultsDir, { recursive: true });
}

beforeAll(async () => {
  try {
    await setUp();
  } catch (error) {
    setupError = error instanceof Error ? error : new Error(String(error));
  }
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (outDir !== undefined) await rm(outDir, { recursive: true, force: true });
});

describe('inspector in headless Chromium', () => {
  it('teaching mode runs every scenario to its expected state, and never shows a sandbox secret', async () => {
    ready();
    const page = await openPage('?source=teaching&hooks=test');

    // Keyboard only: Tab reaches "Run scenario" (first-run is selected) and Enter runs it.
    let focused = '';
    for (let presses = 0; presses < 40 && focused !== 'run-scenario'; presses++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? '');
    }
    expect(focused).toBe('run-scenario');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.locator('[data-testid="verdict-first-run"]').textContent(), { timeout: 30_000 })
      .toMatch(/pass/);
    // Every control has an accessible name.
    const unnamed = await page.evaluate(() =>
      [...document.querySelectorAll('button, input, select, [role="listbox"]')]
        .filter((element) => element.getAttribute('aria-hidden') !== 'true')
        .filter((element) => {
          const labelled = element.id === '' ? null : document.querySelector(`label[for="${element.id}"]`);
          const name = [
            element.getAttribute('aria-label'),
            element.textContent,
            labelled?.textContent,
            element.closest('label')?.textContent,
          ].find((text) => typeof text === 'string' && text.trim() !== '');
          return name === undefined;
        })
        .map((element) => element.outerHTML.slice(0, 120)),
    );
    expect(unnamed).toEqual([]);

    for (const scenario of SCENARIOS) {
      await page.click(`[data-scenario="${scenario.id}"]`);
      await page.click('[data-testid="run-scenario"]');
      const verdict = page.locator(`[data-testid="verdict-${scenario.id}"]`);
      await expect.poll(async () => verdict.textContent(), { timeout: 30_000, interval: 100 }).toMatch(/pass|fail/);
      expect(await verdict.textContent(), `${scenario.id} verdict`).toContain('pass');
      await expectActive(page, `dcr.${scenario.expectedState}`);
      expect(await page.locator('[data-testid="chart-state"]').textContent()).toBe(scenario.expectedState);
      if (scenario.id === 'credentials-lost') {
        // Show the re-registration: select the event that brought the new credentials.
        await page.locator('[data-type="REGISTER.SUCCEEDED"]').last().click();
        await expectActive(page, 'dcr.registered.requesting');
        await page.waitForTimeout(400);
        await page.screenshot({ path: join(imagesDir, 'inspector-teaching.png') });
      }
    }
    const secrets = await page.evaluate(() =>
      (globalThis as { dcrflowInspectorTest?: { secrets(): string[] } }).dcrflowInspectorTest!.secrets(),
    );
    // The last sandbox (server errors): its statement, client secret and access tokens.
    expect(secrets.length).toBeGreaterThanOrEqual(3);
    await expectNoSecrets(page, secrets);
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  }, 120_000);

  it('the live in-page source shows the active state change as events arrive', async () => {
    ready();
    const run = await recordRun(firstRunAndRefresh);
    try {
      const context = await browser.newContext({ viewport: VIEWPORT });
      const viewer = await openPage('?source=page', context);
      // The producer page stands in for an app of the same origin that uses the in-page transport.
      const producer = await openPage('?source=page', context);
      const send = (events: WireEvent[]) =>
        producer.evaluate((batch) => {
          const channel = new BroadcastChannel('dcrflow-inspect');
          for (const event of batch) channel.postMessage({ channel: 'dcrflow-inspect', event });
          channel.close();
        }, events);
      const firstToken = run.events.findIndex((e) => e.kind === 'snapshot' && e.snapshot.value === 'tokenValid');
      const registered = run.events.findIndex(
        (e) => e.kind === 'snapshot' && JSON.stringify(e.snapshot.value) === '{"registered":"requesting"}',
      );
      await send(run.events.slice(0, registered + 1));
      await expectActive(viewer, 'dcr.registered.requesting');
      await send(run.events.slice(registered + 1, firstToken + 1));
      await expectActive(viewer, 'dcr.tokenValid');
      await send(run.events.slice(firstToken + 1));
      await expect.poll(() => viewer.locator('[data-type="xstate.after.refreshAt.dcr.tokenValid"]').count()).toBe(1);
      await expectActive(viewer, 'dcr.tokenValid');
      expect(await viewer.locator('[data-testid="token-ttl"]').textContent()).toMatch(/left/);
      expect(await viewer.locator('[data-testid="credentials"]').textContent()).toMatch(/present/);
      await viewer.screenshot({ path: join(imagesDir, 'inspector-live.png') });
      expect(pageErrors(viewer)).toEqual([]);
      await context.close();
    } finally {
      run.runtime.dispose();
    }
  }, 60_000);

  it('the live WebSocket source follows a real client through the relay; a wrong session token gets nothing', async () => {
    ready();
    const relay = await startInspectorRelay();
    const bridge = createInspectorBridge({ transport: webSocketTransport({ url: relay.wsUrl }) });
    const simulator = createSimulator({ throttle: false });
    const client = createDcrClient({
      baseUrl: 'http://dcr-simulator.localhost',
      softwareStatement: async () => (await simulator.mintSoftwareStatement()).software_statement,
      store: memoryStore(),
      fetch: (input, init) => simulator.fetch(new Request(input, init)),
      deviceInfo: { model: 'e2e', version: '1', osName: 'Linux', osVersion: '6', connectionType: 'wifi' },
      inspect: bridge.inspect,
    });
    try {
      // The URL the relay prints (`?ws=` last, URI-encoded), pointed at the preview server's copy of the app.
      const viewerQuery = new URL(relay.viewerUrl()).search;
      const page = await openPage(viewerQuery);
      const status = () => page.locator('[data-testid="source-status"]').textContent();
      await expect.poll(status, { timeout: 10_000 }).toMatch(/Connected to Relay 127\.0\.0\.1:/);
      await client.getAccessToken();
      await expectActive(page, 'dcr.tokenValid');
      expect(await page.locator('[data-testid="credentials"]').textContent()).toMatch(/present/);

      const wrong = await openPage(
        `?ws=${encodeURIComponent(relay.viewerWsUrl.replace(relay.sessionToken, 'not-the-token'))}`,
      );
      await expect
        .poll(() => wrong.locator('[data-testid="source-status"]').textContent(), { timeout: 10_000 })
        .toMatch(/refused the session token/);
      expect(await wrong.locator('[data-testid="timeline-count"]').textContent()).toMatch(/^0 of 0/);
      expect(relay.stats().viewers).toBe(1);
      expect(pageErrors(page)).toEqual([]);
      await page.close();
      await wrong.close();
    } finally {
      client.stop();
      await bridge.close();
      await relay.close();
    }
  }, 60_000);

  it('loads a recording of a real client run, scrubs through it, and redacts what a careless producer leaked', async () => {
    ready();
    const run: RecordedRun = await recordRun(async (runtime) => {
      await runtime.startApp();
      runtime.loseCredentials();
      await runtime.callApi();
    });
    try {
      const secrets = run.runtime.secrets();
      const [statement, ...rest] = secrets;
      const token = rest.find((s) => s.startsWith('eyJ'))!;
      const clientSecret = rest.find((s) => !s.startsWith('eyJ'))!;
      // What a producer without redaction would send: secrets under secret keys and inside free text.
      const leaked: WireEvent = {
        v: 1,
        seq: 100_000,
        at: run.events.at(-1)!.at + 1,
        sessionId: 'careless-producer',
        actorId: 'careless',
        kind: 'meta',
        label: 'careless',
        data: {
          client_secret: clientSecret,
          software_statement: statement,
          note: `called the API with Bearer ${token}`,
        },
      };
      const file = join(outDir, 'credentials-lost.jsonl');
      await writeFile(file, exportRecording([...run.events, leaked]));

      const page = await openPage('?source=page');
      await page.setInputFiles('[data-testid="recording-input"]', file);
      await expect
        .poll(() => page.locator('[data-testid="source-status"]').textContent())
        .toMatch(/Recording credentials-lost\.jsonl/);

      // Scrub: select an event, the chart and context show the machine as it was then.
      await page.locator('[data-type="REGISTER.SUCCEEDED"]').first().click();
      await expectActive(page, 'dcr.registered.requesting');
      expect(await page.locator('[data-testid="chart-state"]').textContent()).toBe('registered.requesting');
      expect(await page.locator('[data-testid="credentials"]').textContent()).toMatch(/present/);
      await page.keyboard.press('ArrowLeft');
      await expectActive(page, 'dcr.registering.requesting');
      expect(await page.locator('[data-testid="credentials"]').textContent()).toMatch(/none/);
      await page.locator('[data-type="TOKEN.FAILED"]').first().click();
      await expectActive(page, 'dcr.credentialsLost');
      expect(await page.locator('[data-testid="last-error"]').textContent()).toMatch(/credentials_lost/);
      await page.keyboard.press('ArrowRight');
      await expectActive(page, 'dcr.registering.requesting');

      // Play/pause with space moves through the events on its own.
      const before = await page.locator('[data-testid="position"]').textContent();
      await page.keyboard.press(' ');
      await expect
        .poll(() => page.locator('[data-testid="position"]').textContent(), { timeout: 5000 })
        .not.toBe(before);
      await page.keyboard.press(' ');
      expect(await page.locator('[data-testid="play"]').getAttribute('aria-pressed')).toBe('false');

      // Scrub back to the re-registration for the screenshot.
      await page.locator('[data-type="REGISTER.SUCCEEDED"]').last().click();
      await expectActive(page, 'dcr.registered.requesting');
      await page.waitForTimeout(400);
      await page.screenshot({ path: join(imagesDir, 'inspector-recording.png') });

      // The careless line is shown, redacted; no secret of the run appears anywhere.
      await page.locator('[data-type="careless"]').click();
      expect(await page.locator('[data-testid="details"]').textContent()).toContain('‹redacted:');
      await expectNoSecrets(page, secrets);
      expect(pageErrors(page)).toEqual([]);
      await page.close();
    } finally {
      run.runtime.dispose();
    }
  }, 60_000);

  it('a 10,000-event recording loads and scrolls (benchmark, timings printed)', async () => {
    ready();
    // A real client refreshing ~1,000 times (about 2 s): the recording is what a long session really looks like.
    const run = await recordRun(async (runtime, recorded) => {
      await runtime.startApp();
      for (let cycle = 0; cycle < 3000 && recorded.length < 10_000; cycle++) {
        const before = runtime.observe().stats.tokens.total;
        runtime.jumpToRefresh();
        await runtime.waitFor((o) => o.state === 'tokenValid' && o.stats.tokens.total > before, 5000);
      }
    });
    run.runtime.dispose();
    // 9,999 events and the recording header: 10,000 wire events in the file.
    const events = run.events.slice(0, 9_999);
    expect(events).toHaveLength(9_999);
    const file = join(outDir, 'ten-thousand.jsonl');
    await writeFile(file, exportRecording(events));

    const page = await browser.newPage({ viewport: VIEWPORT });
    await page.addInitScript(() => {
      const stats = { longestFrameMs: 0, longTasks: 0 };
      (globalThis as { __frames?: typeof stats }).__frames = stats;
      for (const type of ['long-animation-frame', 'longtask']) {
        try {
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries()) {
              stats.longestFrameMs = Math.max(stats.longestFrameMs, entry.duration);
              stats.longTasks += 1;
            }
          }).observe({ type, buffered: true });
        } catch {
          // Entry type not supported by this Chromium.
        }
      }
    });
    page.on('request', (request) => {
      if (!request.url().startsWith(origin) && !request.url().startsWith('data:')) strayRequests.push(request.url());
    });
    await page.goto(`${origin}/?source=page`);
    await page.waitForSelector('[data-testid="timeline"]');

    const loadStart = Date.now();
    await page.setInputFiles('[data-testid="recording-input"]', file);
    await expect
      .poll(() => page.locator('[data-testid="source-status"]').textContent(), { timeout: 30_000 })
      .toMatch(/10,000 events/);
    await page.locator('[data-state-id]').first().waitFor({ timeout: 30_000 });
    const loadMs = Date.now() - loadStart;

    // All actors: every row of the recording in the list.
    await page.locator('.timeline__filter input').check();
    const totalRows = Number(
      (await page.locator('[data-testid="timeline-count"]').textContent())!.split(' of ')[1]!.replace(/\D/g, ''),
    );
    expect(totalRows).toBeGreaterThan(4000);
    await expect
      .poll(() => page.locator('[data-testid="timeline-count"]').textContent())
      .toMatch(/^([\d,]+) of \1 rows/);

    // Scroll through the whole list in 40 jumps, one per frame, and time each frame.
    const scroll = await page.evaluate(async () => {
      const list = document.querySelector('[data-testid="timeline"]') as HTMLElement;
      // Let the filter change settle first: only scrolling is timed here.
      await new Promise(requestAnimationFrame);
      await new Promise(requestAnimationFrame);
      const frames: number[] = [];
      let last = performance.now();
      for (let i = 1; i <= 40; i++) {
        list.scrollTop = (list.scrollHeight - list.clientHeight) * (i / 40);
        list.dispatchEvent(new Event('scroll'));
        await new Promise(requestAnimationFrame);
        const now = performance.now();
        frames.push(now - last);
        last = now;
      }
      const sorted = [...frames].sort((a, b) => a - b);
      return {
        longestScrollFrameMs: sorted.at(-1)!,
        medianScrollFrameMs: sorted[Math.floor(sorted.length / 2)]!,
        domRows: list.querySelectorAll('[role="option"]').length,
      };
    });
    // Windowing: a handful of rows in the DOM, not thousands.
    expect(scroll.domRows).toBeGreaterThan(0);
    expect(scroll.domRows).toBeLessThan(100);

    // Scrub: select a row in the middle, step 20 times, time until the chart shows each step.
    await page.locator('.timeline__filter input').uncheck();
    const middle = page.locator('[role="option"]').nth(5);
    await middle.click();
    const scrubStart = Date.now();
    for (let i = 0; i < 20; i++) await page.keyboard.press('ArrowLeft');
    await page.locator('[data-testid="chart-state"]').waitFor();
    const scrubMs = Date.now() - scrubStart;
    const frames = await page.evaluate(
      () => (globalThis as { __frames?: { longestFrameMs: number; longTasks: number } }).__frames!,
    );

    const result = {
      events: events.length + 1,
      rows: totalRows,
      loadMs,
      longestScrollFrameMs: Math.round(scroll.longestScrollFrameMs * 10) / 10,
      medianScrollFrameMs: Math.round(scroll.medianScrollFrameMs * 10) / 10,
      scrubTwentyStepsMs: scrubMs,
      longestFrameMs: Math.round(frames.longestFrameMs),
      longTasks: frames.longTasks,
      domRowsWhileScrolling: scroll.domRows,
    };
    console.log(`[inspector bench] ${JSON.stringify(result)}`);
    await writeFile(join(resultsDir, 'inspector-bench.json'), `${JSON.stringify(result, null, 2)}\n`);
    await page.close();
  }, 120_000);

  it('made no request outside the preview server', () => {
    ready();
    expect(strayRequests).toEqual([]);
  });
});
