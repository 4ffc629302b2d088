// The acceptance test of issue 4 for browsers: two real Chromium tabs of ONE origin (one BrowserContext) share a store
// and coordinate through Web Locks and BroadcastChannel, against the real simulator over HTTP (CORS, throttle off).
import { existsSync } from 'node:fs';
import { type RunningSimulator, startSimulator } from '@dcrflow/simulator/node';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, chromiumPath } from '../../../../scripts/testing/chromium.ts';
import type { HarnessApi, HarnessConfig, TabSummary } from './page/harnessTypes.ts';
import { type ServedPage, servePage } from './servePage.ts';

let browser: Browser;
let page: ServedPage;
let running: RunningSimulator;
let context: BrowserContext | null = null;
let pageErrors: string[] = [];
let softwareStatement: string;
let run = 0;

beforeAll(async () => {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium was not found at ${executablePath}; install it (apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
  }
  [browser, page, running] = await Promise.all([
    chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS] }),
    servePage(),
    startSimulator({ throttle: false }),
  ]);
});

afterAll(async () => {
  await Promise.all([browser?.close(), page?.close(), running?.close()]);
});

beforeEach(async () => {
  running.simulator.reset();
  softwareStatement = (await running.simulator.mintSoftwareStatement()).software_statement;
  pageErrors = [];
  run += 1;
});

afterEach(async () => {
  await context?.close();
  context = null;
  expect(pageErrors).toEqual([]);
});

/** Opens `count` tabs of one origin in one fresh BrowserContext (shared storage, locks and channels). */
async function openTabs(count: number): Promise<Page[]> {
  context = await browser.newContext();
  const tabs: Page[] = [];
  for (let index = 0; index < count; index += 1) {
    const tab = await context.newPage();
    tab.on('pageerror', (error) => pageErrors.push(error.message));
    await tab.goto(page.url);
    await tab.waitForFunction(() => 'harness' in window);
    tabs.push(tab);
  }
  return tabs;
}

function config(overrides: Partial<HarnessConfig> = {}): HarnessConfig {
  return {
    baseUrl: running.url,
    softwareStatement,
    store: 'webStore',
    storeName: `dcrflow:two-tab-${run}`,
    coordinatorName: `two-tab-${run}`,
    ...overrides,
  };
}

type Harness = { harness: HarnessApi };
const start = (tab: Page, harnessConfig: HarnessConfig) =>
  tab.evaluate((c) => (window as unknown as Harness).harness.start(c), harnessConfig);
const summary = (tab: Page): Promise<TabSummary> =>
  tab.evaluate(() => (window as unknown as Harness).harness.summary());
const callApi = (tab: Page, url: string): Promise<number> =>
  tab.evaluate((u) => (window as unknown as Harness).harness.callApi(u), url);

function counts() {
  const stats = running.simulator.stats();
  return {
    registrations: stats.registrations.total,
    tokenRequests: stats.requests.token,
    tokensIssued: stats.tokens.total,
  };
}

/** Both tabs, started cold in the same instant. */
async function coldStart(harnessConfig: HarnessConfig): Promise<[TabSummary, TabSummary]> {
  const [tabA, tabB] = await openTabs(2);
  if (tabA === undefined || tabB === undefined) throw new Error('two tabs expected');
  const [a, b] = await Promise.all([start(tabA, harnessConfig), start(tabB, harnessConfig)]);
  return [a, b];
}

function expectOneRegistration(label: string, [a, b]: [TabSummary, TabSummary]) {
  const { registrations, tokenRequests, tokensIssued } = counts();
  console.log(`${label}: registrations=${registrations} token requests=${tokenRequests}`);
  expect({ registrations, tokenRequests, tokensIssued }).toEqual({
    registrations: 1,
    tokenRequests: 1,
    tokensIssued: 1,
  });
  expect(a.state).toBe('tokenValid');
  expect(b.state).toBe('tokenValid');
  expect(a.clientId).not.toBeNull();
  expect(b.clientId).toBe(a.clientId);
  expect(b.tokenFingerprint).toBe(a.tokenFingerprint);
  expect([...a.reauthentications, ...b.reauthentications]).toEqual([]);
}

describe('two tabs of one origin', () => {
  it('start cold at the same time: exactly 1 registration and 1 token request, same client id (webStore + Web Locks)', async () => {
    expectOneRegistration('two tabs', await coldStart(config()));
  });

  it('start cold at the same time with encrypted(indexedDbStore) and the default key: still 1 and 1', async () => {
    const tabs = await coldStart(config({ store: 'encrypted-indexedDbStore', storeName: `dcrflow-two-tab-${run}` }));
    // Both tabs must have agreed on one default key, or one could not read the other's credentials.
    expect([...tabs[0].errors, ...tabs[1].errors]).toEqual([]);
    expectOneRegistration('two tabs (encrypted IndexedDB)', tabs);
  });

  it('start cold at the same time without Web Locks (localStorage lease fallback): still 1 and 1', async () => {
    expectOneRegistration('two tabs (no Web Locks, lease)', await coldStart(config({ withoutWebLocks: true })));
  });

  it('three tabs, eight cold starts in a row on fresh stores: exactly 1 registration every time', async () => {
    const tabs = await openTabs(3);
    for (let round = 1; round <= 8; round += 1) {
      running.simulator.reset();
      const statement = (await running.simulator.mintSoftwareStatement()).software_statement;
      const roundConfig = config({
        softwareStatement: statement,
        storeName: `dcrflow:three-tabs-${run}-${round}`,
        coordinatorName: `three-tabs-${run}-${round}`,
      });
      const summaries = await Promise.all(tabs.map((tab) => start(tab, roundConfig)));
      await Promise.all(tabs.map((tab) => tab.evaluate(() => (window as unknown as Harness).harness.stop())));
      const { registrations, tokenRequests } = counts();
      expect({ round, registrations, tokenRequests }).toEqual({ round, registrations: 1, tokenRequests: 1 });
      expect(new Set(summaries.map((summary) => summary.clientId)).size).toBe(1);
    }
    console.log('three tabs × 8 cold starts: registrations=1 token requests=1 in every round');
  });

  it('one tab refreshes; the other hears the broadcast and adopts the stored token without a token request', async () => {
    const [tabA, tabB] = await openTabs(2);
    if (tabA === undefined || tabB === undefined) throw new Error('two tabs expected');
    const [before] = await Promise.all([start(tabA, config()), start(tabB, config())]);
    expect(counts()).toMatchObject({ registrations: 1, tokenRequests: 1 });

    // The server's clock passes the token's expiry: the protected API now answers 401 to the current token.
    running.simulator.advanceClock(21_600 + 60);
    const api = `${running.url}/api/v2/dcrflow-test/configuration`;
    expect(await callApi(tabA, api)).toBe(200);
    expect(counts()).toMatchObject({ registrations: 1, tokenRequests: 2 });
    const afterA = await summary(tabA);
    expect(afterA.tokenFingerprint).not.toBe(before.tokenFingerprint);

    // Tab B heard tab A's write (no secret on the channel: type, version, client id).
    const deadline = Date.now() + 5_000;
    let heard = (await summary(tabB)).messages;
    while (!heard.some((message) => message.type === 'stored') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      heard = (await summary(tabB)).messages;
    }
    const stored = heard.filter((message) => message.type === 'stored');
    expect(stored.at(-1)).toEqual({ type: 'stored', version: expect.any(Number), clientId: before.clientId });
    expect(Object.keys(stored.at(-1) ?? {}).sort()).toEqual(['clientId', 'type', 'version']);

    // Tab B's next API call uses tab A's token (adopted from the broadcast, or else inside the lock): zero requests.
    expect(await callApi(tabB, api)).toBe(200);
    const afterB = await summary(tabB);
    const { registrations, tokenRequests } = counts();
    console.log(
      `refresh in one tab: registrations=${registrations} token requests=${tokenRequests} (1 cold start + 1 refresh)`,
    );
    expect({ registrations, tokenRequests }).toEqual({ registrations: 1, tokenRequests: 2 });
    expect(afterB.tokenFingerprint).toBe(afterA.tokenFingerprint);
    expect(afterB.state).toBe('tokenValid');
  });

  it("tab B adopts tab A's refreshed token from the broadcast alone: no lock, no 401, no request of its own", async () => {
    const [tabA, tabB] = await openTabs(2);
    if (tabA === undefined || tabB === undefined) throw new Error('two tabs expected');
    const [before] = await Promise.all([start(tabA, config()), start(tabB, config())]);
    expect(counts()).toMatchObject({ registrations: 1, tokenRequests: 1 });

    running.simulator.advanceClock(21_600 + 60);
    expect(await callApi(tabA, `${running.url}/api/v2/dcrflow-test/configuration`)).toBe(200);
    const afterA = await summary(tabA);
    expect(afterA.tokenFingerprint).not.toBe(before.tokenFingerprint);

    // Tab B only reads its current token (getAccessToken() on a token unexpired by its own clock: no machine event,
    // no lock, no request). Its token changes because it heard tab A's notice and re-read the store.
    const deadline = Date.now() + 5_000;
    let afterB = await summary(tabB);
    while (afterB.tokenFingerprint !== afterA.tokenFingerprint && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      afterB = await summary(tabB);
    }
    const { registrations, tokenRequests } = counts();
    console.log(
      `broadcast adoption: registrations=${registrations} token requests=${tokenRequests} (1 cold start + tab A's refresh)`,
    );
    expect(afterB.tokenFingerprint).toBe(afterA.tokenFingerprint);
    expect(afterB.state).toBe('tokenValid');
    expect(afterB.clientId).toBe(before.clientId);
    expect({ registrations, tokenRequests }).toEqual({ registrations: 1, tokenRequests: 2 });
    expect(afterB.reauthentications).toEqual([]);
    expect(afterB.errors).toEqual([]);
  });

  it('credentials lost (client deleted on the server): both tabs recover with exactly 1 new registration', async () => {
    const [tabA, tabB] = await openTabs(2);
    if (tabA === undefined || tabB === undefined) throw new Error('two tabs expected');
    const [before] = await Promise.all([start(tabA, config()), start(tabB, config())]);
    if (before.clientId === null) throw new Error('tab A has no client id');
    expect(counts()).toMatchObject({ registrations: 1, tokenRequests: 1 });

    expect(running.simulator.deleteClient(before.clientId)).toBe(true);
    const api = `${running.url}/api/v2/dcrflow-test/configuration`;
    // Both tabs hit the protected API at once and both learn the registration is gone.
    expect(await Promise.all([callApi(tabA, api), callApi(tabB, api)])).toEqual([200, 200]);

    const [a, b] = await Promise.all([summary(tabA), summary(tabB)]);
    const { registrations, tokensIssued, tokenRequests } = counts();
    console.log(
      `credentials lost: registrations=${registrations} (1 new) tokens issued=${tokensIssued} token requests=${tokenRequests}`,
    );
    expect(registrations).toBe(2);
    expect(tokensIssued).toBe(2);
    expect(a.state).toBe('tokenValid');
    expect(b.state).toBe('tokenValid');
    expect(a.clientId).not.toBe(before.clientId);
    expect(b.clientId).toBe(a.clientId);
    expect(b.tokenFingerprint).toBe(a.tokenFingerprint);
    // Each tab tells its app once that users must sign in again.
    expect(a.reauthentications).toEqual([a.clientId]);
    expect(b.reauthentications).toEqual([a.clientId]);
  });
});
