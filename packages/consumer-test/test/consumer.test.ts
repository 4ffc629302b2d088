// dcrflow as a user gets it (issue 10): every public package packed, installed from the tarballs with npm into a
// scratch project outside the workspace, next to the app's own xstate and zod. Then: TypeScript 5.4 and the latest
// 5.x type-check a Node program, a browser app and the docs' install snippets with skipLibCheck: false; the Node
// program runs against the simulator; Vite bundles the browser app, which runs in real Chromium — also with ky 2's
// post-ES2020 APIs removed, which the default transport never calls and the documented polyfills restore for a
// smart-TV build that opts in to kyFetch; and the installed CLI runs token,
// status, inspect and demo. Nothing is skipped: a missing build, Chromium or registry fails the suite.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createDcrClient, memoryStore } from '@dcrflow/core';
import { createInspectorBridge, webSocketTransport } from '@dcrflow/inspect';
import { type RunningSimulator, startSimulator } from '@dcrflow/simulator/node';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, chromiumPath } from '../../../scripts/testing/chromium.ts';
import { describeRun, runCommand } from './support/runCommand.ts';
import { consumerEnv, createScratchProject, type ScratchProject } from './support/scratchProject.ts';
import { serveDirectory } from './support/serveDirectory.ts';
import { startLongRunning } from './support/startLongRunning.ts';

/**
 * The post-ES2020 APIs ky 2 calls: dcrflow's default browser path (plain fetch, decision 0017) needs none of them, only
 * `kyFetch` does. And two more APIs nothing may need at all.
 */
const KY_APIS = [
  'String.prototype.replaceAll',
  'Object.hasOwn',
  'Array.prototype.at',
  'AbortSignal.any',
  'AbortSignal.prototype.throwIfAborted',
];
const UNUSED_APIS = ['structuredClone', 'Array.prototype.findLast'];

let project: ScratchProject;
let simulator: RunningSimulator;
let browser: Browser | undefined;
const cleanups: Array<() => Promise<unknown> | unknown> = [];

beforeAll(async () => {
  project = await createScratchProject();
  simulator = await startSimulator({ tokenTtlSeconds: 3600 });
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await browser?.close();
  await simulator?.close();
  if (project !== undefined) await rm(project.dir, { recursive: true, force: true });
});

async function chromiumBrowser(): Promise<Browser> {
  const executablePath = chromiumPath();
  expect(existsSync(executablePath), `Chromium is missing at ${executablePath}: npm test installs it`).toBe(true);
  browser ??= await chromium.launch({ executablePath, args: [...CHROMIUM_ARGS] });
  return browser;
}

async function softwareStatement(): Promise<string> {
  return (await simulator.simulator.mintSoftwareStatement({ client_name: 'consumer test' })).software_statement;
}

function typescript(version: '5.4' | '5'): string {
  return join(project.dir, 'node_modules', `typescript-${version}`, 'bin', 'tsc');
}

function node(args: readonly string[], timeoutMs = 60_000) {
  return runCommand(process.execPath, args, { cwd: project.dir, env: consumerEnv(), timeoutMs });
}

/** All copies of a package anywhere under the scratch project's node_modules. */
function copiesOf(name: string, base = join(project.dir, 'node_modules')): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(base, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = join(base, entry.name);
    if (entry.name === name && existsSync(join(dir, 'package.json'))) found.push(dir);
    if (entry.name.startsWith('@')) {
      for (const scoped of readdirSync(dir)) {
        const nested = join(dir, scoped, 'node_modules');
        if (existsSync(nested)) found.push(...copiesOf(name, nested));
      }
    } else if (existsSync(join(dir, 'node_modules'))) {
      found.push(...copiesOf(name, join(dir, 'node_modules')));
    }
  }
  return found;
}

describe('installed from the packed tarballs', () => {
  it('every public package installs with real version ranges, engines, LICENSE and a ./package.json export', () => {
    expect(project.packages.map((pkg) => pkg.name)).toEqual([
      '@dcrflow/browser',
      '@dcrflow/core',
      '@dcrflow/inspect',
      '@dcrflow/inspector',
      '@dcrflow/node',
      '@dcrflow/protocol',
      '@dcrflow/simulator',
      'dcrflow',
    ]);
    for (const pkg of project.packages) {
      const installed = join(project.dir, 'node_modules', pkg.name);
      const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
      expect(JSON.stringify(manifest), `${pkg.name} still has a workspace: range`).not.toContain('workspace:');
      expect(manifest.engines?.node, pkg.name).toBe('>=22.12.0');
      expect(manifest.exports?.['./package.json'], pkg.name).toBe('./package.json');
      expect(existsSync(join(installed, 'LICENSE')), `${pkg.name} ships LICENSE`).toBe(true);
    }
    // The inspector app ships as static files only.
    expect(existsSync(join(project.dir, 'node_modules/@dcrflow/inspector/dist/index.html'))).toBe(true);
    expect(existsSync(join(project.dir, 'node_modules/@dcrflow/inspector/src'))).toBe(false);
  });

  it("reuses the app's own xstate and zod: one copy of each", () => {
    const root = join(project.dir, 'node_modules');
    expect(copiesOf('xstate')).toEqual([join(root, 'xstate')]);
    expect(copiesOf('zod')).toEqual([join(root, 'zod')]);
    expect(JSON.parse(readFileSync(join(root, 'xstate', 'package.json'), 'utf8')).version).toBe(
      project.appVersions.xstate,
    );
    expect(JSON.parse(readFileSync(join(root, 'zod', 'package.json'), 'utf8')).version).toBe(project.appVersions.zod);
  });

  it('TypeScript 5.4 and the latest 5.x type-check a Node program, a browser app and the docs snippets (skipLibCheck: false)', async () => {
    const runs = await Promise.all([
      node([typescript('5.4'), '-p', 'tsconfig.node.json', '--noEmit'], 240_000),
      node([typescript('5.4'), '-p', 'tsconfig.browser.json'], 240_000),
    ]);
    // The latest 5.x also emits the Node program and the simulator snippet, which the next test runs.
    runs.push(
      ...(await Promise.all([
        node([typescript('5'), '-p', 'tsconfig.node.json'], 240_000),
        node([typescript('5'), '-p', 'tsconfig.browser.json'], 240_000),
      ])),
    );
    for (const [index, run] of runs.entries()) {
      expect(run.code, describeRun(`tsc run ${index} (5.4 node, 5.4 browser, 5.x node, 5.x browser)`, run)).toBe(0);
    }
    const version = await node([typescript('5.4'), '--version']);
    expect(version.stdout).toMatch(/^Version 5\.4\./);
    // Four full type-checks without skipLibCheck: ~20 s alone, ~90 s on a 2-core machine shared with other suites.
  }, 600_000);

  it('the Node program registers, gets a token, reuses it from cache and calls the protected API', async () => {
    const run = await node(['out/node-build/node/consumer.js']);
    expect(run.code, describeRun('node consumer.js', run)).toBe(0);
    expect(JSON.parse(run.stdout.trim())).toEqual({
      state: 'tokenValid',
      cachedIsSame: true,
      expiresInFuture: true,
      apiStatus: 200,
      registrations: 1,
      tokens: 1, // the second getAccessToken() was served from the cache
      apiCalls: 1,
      inspectionEvents: expect.any(Number),
      fingerprint: true,
      kyStatuses: [201, 201], // register and token through kyFetch and the app's ky hooks
    });
    const snippet = await node(['out/node-build/snippets/node/simulator-in-tests.js']);
    expect(snippet.code, describeRun('the simulator install snippet', snippet)).toBe(0);
  });

  it('CommonJS code can require() the ES modules (Node >= 22.12 loads them synchronously)', async () => {
    const entries = [
      '@dcrflow/core',
      '@dcrflow/protocol',
      '@dcrflow/protocol/ky',
      '@dcrflow/node',
      '@dcrflow/inspect/node',
      '@dcrflow/simulator/node',
    ];
    const program = `for (const id of ${JSON.stringify(entries)}) { if (Object.keys(require(id)).length === 0) throw new Error(id); }`;
    const run = await node(['--input-type=commonjs', '-e', program]);
    expect(run.code, describeRun('require() of the packages', run)).toBe(0);
  });
});

describe('a Vite app in Chromium', () => {
  let modernUrl: string;
  let legacyUrl: string;

  beforeAll(async () => {
    const vite = join(project.dir, 'node_modules', 'vite', 'bin', 'vite.js');
    const builds = await Promise.all([
      node([vite, 'build', 'browser', '--outDir', '../out/modern', '--emptyOutDir', '--logLevel', 'warn'], 120_000),
      // A smart-TV build: syntax lowered for Chromium 69, the documented polyfills imported first.
      node(
        [
          vite,
          'build',
          'browser-legacy',
          '--outDir',
          '../out/legacy',
          '--emptyOutDir',
          '--logLevel',
          'error',
          '--target',
          'chrome69',
        ],
        120_000,
      ),
    ]);
    for (const build of builds) expect(build.code, describeRun('vite build', build)).toBe(0);
    const modern = await serveDirectory(join(project.dir, 'out', 'modern'));
    const legacy = await serveDirectory(join(project.dir, 'out', 'legacy'));
    cleanups.push(modern.close, legacy.close);
    modernUrl = modern.url;
    legacyUrl = legacy.url;
  });

  /** Opens the app in a fresh profile (empty localStorage) and returns what it put on <body>. */
  async function runApp(
    url: string,
    removeApis = false,
  ): Promise<{ result?: unknown; error?: string; state: string; missing?: string[] }> {
    const context = await (await chromiumBrowser()).newContext();
    try {
      const page = await context.newPage();
      if (removeApis) {
        // Before any script of the page: delete each API, as an engine older than the floor lacks it.
        await page.addInitScript(
          (paths: string[]) => {
            for (const path of paths) {
              const parts = path.split('.');
              const key = parts.pop() as string;
              const owner = parts.reduce<Record<string, unknown>>(
                (object, part) => object[part] as Record<string, unknown>,
                globalThis as unknown as Record<string, unknown>,
              );
              delete owner[key];
              if (owner[key] !== undefined) throw new Error(`could not remove ${path}`);
            }
          },
          [...KY_APIS, ...UNUSED_APIS],
        );
      }
      const query = new URLSearchParams({ sim: simulator.url, ss: await softwareStatement() });
      await page.goto(`${url}?${query}`);
      await page.waitForFunction(() => document.body.dataset.result ?? document.body.dataset.error, undefined, {
        timeout: 20_000,
      });
      const outcome = await page.evaluate(() => ({ ...document.body.dataset }));
      const state = (await page.locator('#state').textContent()) ?? '';
      const missing = removeApis
        ? await page.evaluate(
            (paths: string[]) =>
              paths.filter((path) => {
                const parts = path.split('.');
                const key = parts.pop() as string;
                const owner = parts.reduce<Record<string, unknown>>(
                  (object, part) => object[part] as Record<string, unknown>,
                  globalThis as unknown as Record<string, unknown>,
                );
                return owner[key] === undefined;
              }),
            [...KY_APIS, ...UNUSED_APIS],
          )
        : undefined;
      return {
        ...(outcome.result === undefined ? {} : { result: JSON.parse(outcome.result) }),
        ...(outcome.error === undefined ? {} : { error: outcome.error }),
        state,
        ...(missing === undefined ? {} : { missing }),
      };
    } finally {
      await context.close();
    }
  }

  it('runs the lifecycle: register, token, cached token, protected call; the page shows the live state', async () => {
    expect(await runApp(modernUrl)).toEqual({
      result: { state: 'tokenValid', cachedIsSame: true, apiStatus: 200 },
      state: 'tokenValid',
    });
  });

  it("the plain build's bundle calls none of ky 2's post-ES2020 APIs, nor the unused ones; the kyFetch build all five", () => {
    const bundleOf = (build: string) => {
      const assets = join(project.dir, 'out', build, 'assets');
      return readdirSync(assets)
        .filter((file) => file.endsWith('.js'))
        .map((file) => readFileSync(join(assets, file), 'utf8'))
        .join('\n');
    };
    // Global and property names survive minification, so each API a code path calls is visible in the bundle: a
    // global (`structuredClone(`) or a prototype method (`.at(`) by its name, a static one as `Owner.name`.
    const uses = (bundle: string) => (path: string) => {
      const parts = path.split('.');
      const key = parts.pop() as string;
      if (parts.length === 0) return new RegExp(`\\b${key}\\(`).test(bundle);
      if (parts.includes('prototype')) return new RegExp(`\\.${key}\\(`).test(bundle);
      return new RegExp(`${parts.join('\\.')}\\.${key}\\b`).test(bundle);
    };
    const modern = uses(bundleOf('modern'));
    expect(KY_APIS.filter(modern)).toEqual([]);
    expect(UNUSED_APIS.filter(modern)).toEqual([]);
    // The check sees them where ky is bundled: the smart-TV build sends through kyFetch.
    expect(KY_APIS.filter(uses(bundleOf('legacy')))).toEqual(KY_APIS);
  });

  it('with those APIs removed and no polyfills, the plain build still runs the lifecycle', async () => {
    // With ky on the path this client failed (a ConfigurationError naming the five, and before that check, a client
    // stuck in `registering` until waitTimeoutMs); only an app that opts in to kyFetch needs the polyfills now.
    expect(await runApp(modernUrl, true)).toEqual({
      result: { state: 'tokenValid', cachedIsSame: true, apiStatus: 200 },
      state: 'tokenValid',
      missing: [...KY_APIS, ...UNUSED_APIS],
    });
  });

  it('with those APIs removed from Chromium, the smart-TV build with kyFetch and the documented polyfills runs the lifecycle', async () => {
    expect(await runApp(legacyUrl, true)).toEqual({
      result: { state: 'tokenValid', cachedIsSame: true, apiStatus: 200 },
      state: 'tokenValid',
      missing: UNUSED_APIS, // still removed: the polyfills restored only what the floor lacks, and it ran without them
    });
  });
});

describe('the installed CLI', () => {
  let home: string;
  let env: NodeJS.ProcessEnv;
  const bin = () => join(project.dir, 'node_modules', '.bin', 'dcrflow');

  beforeAll(async () => {
    home = join(project.dir, 'home');
    await mkdir(home, { recursive: true });
    env = consumerEnv({ HOME: home, XDG_CONFIG_HOME: join(home, '.config') });
  });

  it('npx dcrflow runs the installed bin', async () => {
    const run = await runCommand('npx', ['--no-install', 'dcrflow', '--version'], { cwd: project.dir, env });
    expect(run.code, describeRun('npx dcrflow --version', run)).toBe(0);
    expect(run.stdout.trim()).toContain('0.1.0');
  });

  it('token registers once, then prints the cached token; status shows tokenValid with secrets redacted', async () => {
    const statement = await softwareStatement();
    const tokenEnv = { ...env, DCRFLOW_BASE_URL: simulator.url, DCRFLOW_SOFTWARE_STATEMENT: statement };
    const before = simulator.simulator.stats();
    const first = await runCommand(bin(), ['token'], { cwd: project.dir, env: tokenEnv, timeoutMs: 30_000 });
    expect(first.code, describeRun('dcrflow token', first)).toBe(0);
    const second = await runCommand(bin(), ['token'], { cwd: project.dir, env: tokenEnv, timeoutMs: 30_000 });
    expect(second.code, describeRun('dcrflow token (cached)', second)).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    const after = simulator.simulator.stats();
    expect(after.registrations.total - before.registrations.total).toBe(1);
    expect(after.tokens.total - before.tokens.total).toBe(1);

    const status = await runCommand(bin(), ['status', '--json'], {
      cwd: project.dir,
      env: tokenEnv,
      timeoutMs: 30_000,
    });
    expect(status.code, describeRun('dcrflow status', status)).toBe(0);
    const report = JSON.parse(status.stdout);
    expect(report.state).toBe('tokenValid');
    expect(report.token.accessToken).toMatch(/^‹redacted:/);
    expect(status.stdout).not.toContain(first.stdout.trim());
  });

  it('inspect serves the installed @dcrflow/inspector; the page shows a live client streamed to it', async () => {
    const inspect = await startLongRunning<{ inspectorUrl: string; producerUrl: string }>(
      bin(),
      ['inspect', '--port', '0', '--json'],
      { cwd: project.dir, env },
    );
    cleanups.push(() => inspect.stop('SIGKILL'));
    const served = await (await fetch(inspect.first.inspectorUrl)).text();
    expect(served).toBe(readFileSync(join(project.dir, 'node_modules/@dcrflow/inspector/dist/index.html'), 'utf8'));

    const bridge = createInspectorBridge({ transport: webSocketTransport({ url: inspect.first.producerUrl }) });
    const client = createDcrClient({
      baseUrl: simulator.url,
      softwareStatement: await softwareStatement(),
      store: memoryStore(),
      inspect: bridge.inspect,
    });
    try {
      await client.getAccessToken();
      const page = await (await chromiumBrowser()).newPage();
      await page.goto(inspect.first.inspectorUrl);
      await page.locator('[data-testid="chart-state"]', { hasText: 'tokenValid' }).waitFor({ timeout: 20_000 });
      await page.close();
    } finally {
      client.stop();
      await bridge.close();
    }
    expect(await inspect.stop('SIGINT')).toBe(0);
  });

  it('demo runs the simulator, a live client and the inspector from the installed packages', async () => {
    const demo = await startLongRunning<{ inspectorUrl: string }>(
      bin(),
      ['demo', '--port', '0', '--json', '--token-ttl', '30'],
      { cwd: project.dir, env },
    );
    cleanups.push(() => demo.stop('SIGKILL'));
    const page = await (await chromiumBrowser()).newPage();
    await page.goto(demo.first.inspectorUrl);
    await page.locator('[data-testid="chart-state"]', { hasText: 'tokenValid' }).waitFor({ timeout: 20_000 });
    await page.close();
    expect(await demo.stop('SIGINT')).toBe(0);
  });
});
