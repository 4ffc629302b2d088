// End-to-end: the built app in real headless Chromium (playwright-core + the system browser, never a download).
// Vite's build() into a temp dir, preview() on 127.0.0.1:0, then teaching mode, the live in-page source, a recording
// scrubbed, a secret scan, and the benchmark's 10,000-event load-and-scrub (bench/; timings printed, never asserted).
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDcrClient, memoryStore } from '@dcrflow/core';
import { createInspectorBridge, webSocketTransport } from '@dcrflow/inspect';
import { startInspectorRelay } from '@dcrflow/inspect/node';
import { createSimulator } from '@dcrflow/simulator';
import { startSimulator } from '@dcrflow/simulator/node';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../bench/launchChromium.ts';
import { MEASURE_DEFAULTS, MEASURE_VIEWPORT, measureRecording } from '../../bench/measureRecording.ts';
import { recordingOf, recordLongSession } from '../../bench/recordLongSession.ts';
import { type InspectorPreview, startInspectorPreview } from '../../bench/startInspectorPreview.ts';
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
const VIEWPORT = MEASURE_VIEWPORT;

let app: InspectorPreview | undefined;
let outDir: string;
let browser: Browser | undefined;
let origin: string;
/** Every request a page made that did not go to the preview server. */
const strayRequests: string[] = [];

/** Opens the app; pages opened with the same `context` share an origin's BroadcastChannel (a new context does not). */
async function openPage(query: string, context?: BrowserContext): Promise<Page> {
  const page = context === undefined ? await browser!.newPage({ viewport: VIEWPORT }) : await context.newPage();
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

/**
 * The chart shows `stateId` as active (the layout is async, so this waits). Generous: on a loaded 2-core machine the
 * elk layout in Chromium took longer than the 10 s this once allowed.
 */
async function expectActive(page: Page, stateId: string) {
  await page.locator(`[data-state-id="${stateId}"][data-active="true"]`).first().waitFor({ timeout: 30_000 });
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

/** The smallest chart text as drawn on screen, in CSS px (font size × the chart's current scale). */
function smallestChartText(page: Page): Promise<number> {
  return page.evaluate(() =>
    Math.min(
      ...[...document.querySelectorAll('[data-testid="statechart"] text')].map(
        (text) => (text as SVGTextElement).getScreenCTM()!.a * Number.parseFloat(getComputedStyle(text).fontSize),
      ),
    ),
  );
}

/** Set when the browser or the build is missing: every test then FAILS with it (a throwing beforeAll only skips). */
let setupError: Error | null = null;
function ready() {
  if (setupError !== null) throw setupError;
}

async function setUp() {
  // Chromium first: a missing browser is reported before a build is spent.
  browser = await launchChromium();
  app = await startInspectorPreview();
  outDir = app.outDir;
  origin = app.origin;
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
  await app?.close();
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
        // The focus chart of this step is ~1,550 px wide: at 1440 px, fit shows the part around it at 11 px. The
        // picture is meant to show all of it, readable, so it is taken 1760 px wide (still the chart-first Teaching
        // layout of decision 0014), as the whole page: the selected row is below the chart.
        await page.setViewportSize({ width: 1760, height: 1000 });
        await page.click('[data-testid="chart-fit"]');
        await page.mouse.move(0, 0);
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.waitForTimeout(600);
        await page.screenshot({ path: join(imagesDir, 'inspector-teaching.png'), fullPage: true });
        await page.setViewportSize(VIEWPORT);
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
      const context = await browser!.newContext({ viewport: VIEWPORT });
      const viewer = await openPage('?source=page', context);
      // The producer page stands in for an app of the same origin that uses the in-page transport.
      const producer = await openPage('?source=page', context);
      // Send only once the viewer listens: a BroadcastChannel message posted before its channel exists is lost for
      // good, and under load the app can mount after page.goto has returned.
      await viewer
        .locator('[data-testid="source-status"]', { hasText: 'Listening on BroadcastChannel' })
        .waitFor({ timeout: 30_000 });
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
  }, 150_000);

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
      await expect.poll(status, { timeout: 30_000 }).toMatch(/Connected to Relay 127\.0\.0\.1:/);
      await client.getAccessToken();
      await expectActive(page, 'dcr.tokenValid');
      expect(await page.locator('[data-testid="credentials"]').textContent()).toMatch(/present/);

      const wrong = await openPage(
        `?ws=${encodeURIComponent(relay.viewerWsUrl.replace(relay.sessionToken, 'not-the-token'))}`,
      );
      await expect
        .poll(() => wrong.locator('[data-testid="source-status"]').textContent(), { timeout: 30_000 })
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
  }, 150_000);

  it('the HTTP lane shows the 429s a real client gets from a throttling simulator, and no secret (issue 9)', async () => {
    ready();
    // Wired as `dcrflow demo` is: the simulator over HTTP, the bridge on the relay, the client's fetch observed by it.
    const sim = await startSimulator();
    const relay = await startInspectorRelay();
    const { software_statement: statement } = await sim.simulator.mintSoftwareStatement({ client_name: 'e2e' });
    const bridge = createInspectorBridge({
      transport: webSocketTransport({ url: relay.wsUrl }),
      redact: { secrets: [statement] },
    });
    const store = memoryStore();
    const client = createDcrClient({
      baseUrl: sim.url,
      softwareStatement: statement,
      store,
      deviceInfo: { model: 'e2e', version: '1', osName: 'Linux', osVersion: '6', connectionType: 'wifi' },
      inspect: bridge.inspect,
      fetch: bridge.observeFetch(),
    });
    try {
      const page = await openPage(new URL(relay.viewerUrl()).search);
      await expect
        .poll(() => page.locator('[data-testid="source-status"]').textContent(), { timeout: 30_000 })
        .toMatch(/Connected to Relay/);
      // Adobe's throttling, as the simulator plays it: the token endpoint answers its next two requests with 429. The
      // client backs off (≥ 1 s each time) and gets its token on the third try.
      sim.simulator.injectFault({ kind: 'throttle', endpoint: 'token', count: 2 });
      const { accessToken } = await client.getAccessToken();
      await expectActive(page, 'dcr.tokenValid');

      await page.selectOption('[data-testid="timeline-lane"]', 'http');
      const httpRows = () =>
        page.locator('.row--http').evaluateAll((rows) =>
          rows.map((row) => ({
            request: row.querySelector('.row__type--http')?.textContent ?? '',
            status: row.querySelector('[data-testid="http-status"]')?.textContent ?? '',
            error: row.classList.contains('row--http-error'),
          })),
        );
      await expect.poll(async () => (await httpRows()).length, { timeout: 30_000 }).toBe(4);
      const rows = await httpRows();
      expect(rows.map((row) => `${row.request} ${row.status.split(' ')[0]}`)).toEqual([
        'POST /o/client/register 201',
        'POST /o/client/token 429',
        'POST /o/client/token 429',
        'POST /o/client/token 201',
      ]);
      // Status and duration on every row; the 429s drawn as errors.
      for (const row of rows) expect(row.status).toMatch(/^\d{3} · \d+ ms$/);
      expect(rows.map((row) => row.error)).toEqual([false, true, true, false]);
      // The filter finds them by status.
      await page.fill('[data-testid="timeline-search"]', '429');
      await expect.poll(async () => (await httpRows()).length).toBe(2);

      // Nothing secret in the page: the statement, the client secret and the access token of this run.
      const stored = JSON.parse((await store.get())!.value) as { credentials: { clientSecret: string } };
      const secrets = [statement, stored.credentials.clientSecret, accessToken];
      expect(secrets.every((secret) => secret.length >= 16)).toBe(true);
      await expectNoSecrets(page, secrets);
      expect(pageErrors(page)).toEqual([]);
      await page.close();
    } finally {
      client.stop();
      await bridge.close();
      await relay.close();
      await sim.close();
    }
  }, 150_000);

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
        .poll(() => page.locator('[data-testid="position"]').textContent(), { timeout: 30_000 })
        .not.toBe(before);
      await page.keyboard.press(' ');
      expect(await page.locator('[data-testid="play"]').getAttribute('aria-pressed')).toBe('false');

      // Scrub back to the moment the credentials were found lost for the screenshot: its focus chart fits whole at
      // 1440 px, readable (the re-registration's is twice as wide, so fit would show only part of it).
      await page.locator('[data-type="TOKEN.FAILED"]').first().click();
      await expectActive(page, 'dcr.credentialsLost');
      await page.mouse.move(0, 0);
      await page.waitForTimeout(600);
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
  }, 150_000);

  it('a 10,000-event recording loads, scrubs and scrolls (benchmark figures printed, never asserted)', async () => {
    ready();
    // The same session, recording and measurement as `pnpm bench` (bench/run.ts), one round.
    const session = await recordLongSession(10_000);
    const file = join(outDir, 'ten-thousand.jsonl');
    await writeFile(file, recordingOf(session, 10_000));

    const page = await browser!.newPage({ viewport: VIEWPORT });
    page.on('request', (request) => {
      if (!request.url().startsWith(origin) && !request.url().startsWith('data:')) strayRequests.push(request.url());
    });
    // Throws when the status never reports 10,000 events, a click selects another row, or the page throws.
    const result = await measureRecording(page, { origin, file, events: 10_000 });
    expect(result.totalRows).toBeGreaterThan(4000);
    // "All actors" lists every row.
    expect(result.rowsWithAllActors).toBe(result.totalRows);
    // Windowing: a handful of rows in the DOM, not thousands.
    expect(result.domRowsWhileScrolling).toBeGreaterThan(0);
    expect(result.domRowsWhileScrolling).toBeLessThan(100);
    // Every click and arrow press was measured: at each place a click and the steps both ways, then the checkbox.
    const { positions, steps } = MEASURE_DEFAULTS;
    expect(result.interactions).toHaveLength(positions * (1 + 2 * steps) + 1);

    console.log(`[inspector bench] ${JSON.stringify({ ...result, interactions: result.interactions.length })}`);
    await writeFile(join(resultsDir, 'inspector-bench.json'), `${JSON.stringify(result, null, 2)}\n`);
    await page.close();
  }, 120_000);

  it('guided teaching steps through a run one transition at a time, with captions; citations are links', async () => {
    ready();
    const page = await openPage('?source=teaching');
    await page.click('[data-scenario="first-run"]');
    const citation = page.locator('[data-testid="scenario-citation"]');
    expect(await citation.getAttribute('href')).toMatch(/^https:\/\/experienceleague\.adobe\.com\//);
    expect(await page.locator('[data-testid="faq-rule"]').textContent()).toBe('FAQ rule 2');
    await page.click('[data-testid="step-through"]');
    await page.click('[data-testid="run-scenario"]');
    const caption = page.locator('[data-testid="guide-caption"]');
    await caption.waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="guide"]').textContent()).toMatch(/Step 1 of \d+/);
    // The first transition: xstate.init only enters the initial state, so the walk starts with STORE.EMPTY.
    expect(await caption.textContent()).toMatch(/^STORE\.EMPTY: loading\.reading → unregistered → registering — /);
    await expectActive(page, 'dcr.registering.requesting');
    // The last step strip lists both micro-steps of STORE.EMPTY (the always chain), and the chart draws both in blue.
    expect(await page.locator('[data-testid="last-step-part"]').count()).toBe(2);
    await expect.poll(() => page.locator('.edge--taken').count()).toBeGreaterThanOrEqual(2);
    await page.click('[data-testid="guide-next"]');
    expect(await caption.textContent()).toMatch(/^REGISTER\.SUCCEEDED: registering\.requesting → registered/);
    await expectActive(page, 'dcr.registered.requesting');
    for (let i = 0; i < 10 && (await page.locator('[data-testid="guide-next"]').count()) > 0; i++) {
      await page.click('[data-testid="guide-next"]');
    }
    await page.click('[data-testid="guide-done"]');
    await expect.poll(() => page.locator('[data-testid="position"]').textContent()).toMatch(/^Latest of/);
    expect(await page.locator('[data-testid="guide"]').count()).toBe(0);
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  }, 60_000);

  // Deliverable 7 of issue 9: the layout and the chart asserted by geometry, at three window sizes.
  for (const size of [
    { width: 768, height: 800 },
    { width: 1024, height: 700 },
    { width: 1440, height: 900 },
  ]) {
    it(`at ${size.width}×${size.height}: panels apart, labels clear of states, active state in view, shortcuts after a click`, async () => {
      ready();
      const page = await browser!.newPage({ viewport: size });
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`${origin}/?source=teaching`);
      await page.click('[data-scenario="first-run"]');
      await page.click('[data-testid="run-scenario"]');
      await expect
        .poll(() => page.locator('[data-testid="verdict-first-run"]').textContent(), { timeout: 30_000 })
        .toMatch(/pass/);
      await expectActive(page, 'dcr.tokenValid');

      // No two panels overlap, and none sticks out of the window (nothing is cut off at the right). A panel inside a
      // scrolling column (the scenarios) counts by the part its column shows: the rest is clipped, not drawn.
      const panels = await page.evaluate(() =>
        [...document.querySelectorAll('.panel')]
          .map((element) => {
            let { left, top, right, bottom } = element.getBoundingClientRect();
            for (let at = element.parentElement; at !== null && at !== document.body; at = at.parentElement) {
              if (getComputedStyle(at).overflow === 'visible') continue;
              const clip = at.getBoundingClientRect();
              left = Math.max(left, clip.left);
              top = Math.max(top, clip.top);
              right = Math.min(right, clip.right);
              bottom = Math.min(bottom, clip.bottom);
            }
            const name = element.className;
            return { name, x: left, y: top + window.scrollY, width: right - left, height: bottom - top };
          })
          .filter((r) => r.width > 0 && r.height > 0),
      );
      expect(panels.length).toBeGreaterThanOrEqual(6);
      for (const [i, a] of panels.entries()) {
        expect(a.x, `${a.name} starts inside the window`).toBeGreaterThanOrEqual(0);
        expect(a.x + a.width, `${a.name} ends inside the window`).toBeLessThanOrEqual(size.width + 0.5);
        for (const b of panels.slice(i + 1)) {
          const overlapX = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
          const overlapY = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
          expect(overlapX > 0.5 && overlapY > 0.5, `${a.name} overlaps ${b.name}`).toBe(false);
        }
      }
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(size.width);

      // Shortcuts work after a toolbar button was clicked: ← steps back, space plays (not the button), Esc returns.
      await page.click('[data-testid="chart-fit"]');
      await page.keyboard.press('ArrowLeft');
      await expect.poll(() => page.locator('[data-testid="position"]').textContent()).toMatch(/^Event \d+ of/);
      await page.keyboard.press(' ');
      expect(await page.locator('[data-testid="play"]').getAttribute('aria-pressed')).toBe('true');
      await page.keyboard.press(' ');
      expect(await page.locator('[data-testid="play"]').getAttribute('aria-pressed')).toBe('false');
      await page.keyboard.press('Escape');
      await expect.poll(() => page.locator('[data-testid="position"]').textContent()).toMatch(/^Latest of/);
      await expectActive(page, 'dcr.tokenValid');

      for (const view of ['focus', 'full'] as const) {
        await page.click(`[data-testid="view-${view}"]`);
        await page.locator(`[data-testid="view-${view}"][aria-pressed="true"]`).waitFor();
        await expectActive(page, 'dcr.tokenValid');
        await page.waitForTimeout(300); // the new layout replaces the old one
        // No transition label box intersects a state box (leaf states whole; compound boxes by their title strip).
        const clashes = await page.evaluate(() => {
          const box = (rect: Element) => ({
            x: Number(rect.getAttribute('x')),
            y: Number(rect.getAttribute('y')),
            width: Number(rect.getAttribute('width')),
            height: Number(rect.getAttribute('height')),
          });
          const states = [...document.querySelectorAll('[data-state-id]')].map((group) => {
            const b = box(group.querySelector(':scope > rect')!);
            const compound = group.matches('.node--compound:not(.node--collapsed), .node--parallel');
            return { id: group.getAttribute('data-state-id'), ...b, height: compound ? 26 : b.height };
          });
          const labels = [...document.querySelectorAll('[data-label-for]')].map((group) => ({
            id: group.getAttribute('data-label-for'),
            ...box(group.querySelector('rect')!),
          }));
          const found: string[] = [];
          for (const label of labels) {
            for (const state of states) {
              const x = Math.min(label.x + label.width, state.x + state.width) - Math.max(label.x, state.x);
              const y = Math.min(label.y + label.height, state.y + state.height) - Math.max(label.y, state.y);
              if (x > 0.5 && y > 0.5) found.push(`${label.id} on ${state.id}`);
            }
          }
          return { found, labels: labels.length };
        });
        expect(clashes.labels, `${view}: labels drawn`).toBeGreaterThan(5);
        expect(clashes.found, `${view}: labels on state boxes`).toEqual([]);

        // After "fit" the active state is inside the visible chart area; after a pan, "centre" brings it back.
        const activeInView = () =>
          page.evaluate(() => {
            const canvas = document.querySelector('[data-testid="chart-canvas"]')!.getBoundingClientRect();
            const active = document.querySelector('[data-state-id="dcr.tokenValid"] > rect')!.getBoundingClientRect();
            return (
              active.left >= canvas.left - 0.5 &&
              active.right <= canvas.right + 0.5 &&
              active.top >= canvas.top - 0.5 &&
              active.bottom <= canvas.bottom + 0.5
            );
          });
        await page.click('[data-testid="chart-fit"]');
        expect(await activeInView(), `${view}: active state visible after fit`).toBe(true);
        // Fit never draws text below 11 px: the whole chart when it can, otherwise the part around the active state,
        // and then (only then) the chart says so.
        await expect
          .poll(() => smallestChartText(page), { message: `${view}: smallest chart text after fit (px)` })
          .toBeGreaterThanOrEqual(11);
        const fit = await page.evaluate(() => {
          const canvas = document.querySelector('[data-testid="chart-canvas"]')!.getBoundingClientRect();
          const chart = document.querySelector('[data-testid="chart-world"]')!.getBoundingClientRect();
          const whole =
            chart.left >= canvas.left - 0.5 &&
            chart.right <= canvas.right + 0.5 &&
            chart.top >= canvas.top - 0.5 &&
            chart.bottom <= canvas.bottom + 0.5;
          return { whole, noted: document.querySelector('[data-testid="chart-partial"]') !== null };
        });
        expect(fit.noted, `${view}: "part of the chart" is said exactly when part is shown`).toBe(!fit.whole);
        // The default Teaching layout at 1440×900 (decision 0014) has room for the whole focus chart, readable.
        if (size.width === 1440 && view === 'focus') expect(fit.whole, 'focus chart whole at 1440').toBe(true);
        const canvas = (await page.locator('[data-testid="chart-canvas"]').boundingBox())!;
        await page.mouse.move(canvas.x + 20, canvas.y + canvas.height - 20);
        await page.mouse.down();
        await page.mouse.move(canvas.x + canvas.width - 10, canvas.y + 10, { steps: 5 });
        await page.mouse.move(canvas.x + canvas.width + 400, canvas.y - 300, { steps: 5 });
        await page.mouse.up();
        await page.click('[data-testid="chart-centre"]');
        expect(await activeInView(), `${view}: active state visible after centre`).toBe(true);
        await page.click('[data-testid="chart-fit"]');
      }

      if (size.width === 1440) {
        // Wheel zooms around the cursor.
        await page.click('[data-testid="view-focus"]');
        const before = Number(await page.locator('[data-testid="statechart"]').getAttribute('data-scale'));
        const canvas = (await page.locator('[data-testid="chart-canvas"]').boundingBox())!;
        await page.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2);
        await page.mouse.wheel(0, -300);
        await expect
          .poll(async () => Number(await page.locator('[data-testid="statechart"]').getAttribute('data-scale')))
          .toBeGreaterThan(before * 1.2);
        // Clicking a state lists its transitions (all of them, guards included).
        await page.click('[data-testid="chart-fit"]');
        await page.locator('[data-state-id="dcr.tokenValid"] > rect').click();
        const card = await page.locator('[data-testid="state-card"]').textContent();
        expect(card).toContain('after refreshAt');
        expect(card).toContain('TOKEN.REJECTED [isCurrentToken]');
        await page.click('[aria-label="Close the list of transitions"]');
      }
      // The screenshot shows the default view: focus, fitted, the pointer off the chart.
      await page.click('[data-testid="view-focus"]');
      await page.click('[data-testid="chart-fit"]');
      await page.mouse.move(0, 0);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.waitForTimeout(600);
      await page.screenshot({ path: join(imagesDir, `inspector-${size.width}.png`) });
      expect(errors).toEqual([]);
      await page.close();
    }, 90_000);
  }

  it('made no request outside the preview server', () => {
    ready();
    expect(strayRequests).toEqual([]);
  });
});
