import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, realpath, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { describeRun, runCommand } from './runCommand.ts';

export const REPO_ROOT = join(import.meta.dirname, '..', '..', '..', '..');
const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const SNIPPETS = join(REPO_ROOT, 'docs', 'snippets');

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

export interface PublicPackage {
  name: string;
  version: string;
  dir: string;
  manifest: Manifest;
}

/** Every workspace package that is published: packages/* and apps/* without `"private": true`. */
export function publicPackages(): PublicPackage[] {
  const found: PublicPackage[] = [];
  for (const group of ['packages', 'apps']) {
    for (const entry of readdirSync(join(REPO_ROOT, group))) {
      const path = join(REPO_ROOT, group, entry, 'package.json');
      if (!existsSync(path)) continue;
      const manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
      if (manifest.private !== true)
        found.push({ name: manifest.name, version: manifest.version, dir: dirname(path), manifest });
    }
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

/** `pnpm pack`'s file name for a package: `@dcrflow/core@0.1.0` → `dcrflow-core-0.1.0.tgz`. */
export function tarballName(pkg: { name: string; version: string }): string {
  return `${pkg.name.replace(/^@/, '').replace('/', '-')}-${pkg.version}.tgz`;
}

/** The lowest version a caret range allows: `^5.33.0` → `5.33.0`. */
function floorOf(range: string | undefined, what: string): string {
  const match = /^\^(\d+\.\d+\.\d+)$/.exec(range ?? '');
  if (match?.[1] === undefined) throw new Error(`${what} must be a caret range such as ^1.2.3, not ${range}`);
  return match[1];
}

/**
 * The environment for npm and the installed programs: this Node first on PATH (npm and the bins run on the supported
 * Node, not on a system Node 20), and none of the `npm_*` / `pnpm_*` settings pnpm passes to its scripts, which would
 * make npm in the scratch project behave like the workspace. npm reaches the registry with the machine's TLS and proxy
 * settings (NODE_EXTRA_CA_CERTS, HTTPS_PROXY…), which turbo.json passes through to this task: without them, turbo's
 * strict env mode left npm retrying until the install timed out.
 */
export function consumerEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    const lower = key.toLowerCase();
    const kept = lower === 'npm_config_registry' || lower === 'npm_config_cache';
    if ((lower.startsWith('npm_') || lower.startsWith('pnpm_')) && !kept) continue;
    // Nothing of the test runner's own settings either (vitest sets NODE_ENV=test, VITEST_*…).
    if (key.startsWith('DCRFLOW_') || key.startsWith('VITEST') || key === 'NODE_ENV') continue;
    env[key] = value;
  }
  env.PATH = `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`;
  return { ...env, ...extra };
}

export interface ScratchProject {
  /** The scratch project's root, under the OS temp dir, outside the workspace. */
  dir: string;
  packages: PublicPackage[];
  /** The app's own xstate and zod versions (the floors of dcrflow's ranges), which dcrflow must reuse. */
  appVersions: { xstate: string; zod: string };
}

/**
 * Packs every public package with `pnpm pack` (so `workspace:^` becomes a real range, as on publish), and installs the
 * tarballs with npm into a new project in the OS temp dir — the way a user gets dcrflow. Third-party dependencies come
 * from the npm registry (or npm's cache). The docs' install snippets are copied in to be type-checked with the app.
 */
export async function createScratchProject(): Promise<ScratchProject> {
  const packages = publicPackages();
  for (const pkg of packages) {
    const built = pkg.name === '@dcrflow/inspector' ? join(pkg.dir, 'dist', 'index.html') : join(pkg.dir, 'dist');
    if (!existsSync(built)) {
      throw new Error(`${pkg.name} is not built (${built} is missing): run \`pnpm build\` first (npm test does).`);
    }
  }
  const dir = await realpath(await mkdtemp(join(tmpdir(), 'dcrflow-consumer-')));
  if (dir.startsWith(REPO_ROOT)) throw new Error(`The scratch project ${dir} must be outside the workspace.`);
  const packs = join(dir, 'packs');
  await mkdir(packs);

  const pack = await runCommand(
    'pnpm',
    ['-r', ...packages.flatMap((pkg) => ['--filter', pkg.name]), 'pack', '--pack-destination', packs],
    { cwd: REPO_ROOT, timeoutMs: 120_000 },
  );
  if (pack.code !== 0) throw new Error(describeRun('pnpm pack', pack));
  for (const pkg of packages) {
    if (!existsSync(join(packs, tarballName(pkg)))) throw new Error(`pnpm pack produced no ${tarballName(pkg)}`);
  }

  const core = packages.find((pkg) => pkg.name === '@dcrflow/core');
  const protocol = packages.find((pkg) => pkg.name === '@dcrflow/protocol');
  const appVersions = {
    xstate: floorOf(core?.manifest.peerDependencies?.xstate, '@dcrflow/core peerDependencies.xstate'),
    zod: floorOf(protocol?.manifest.dependencies?.zod, '@dcrflow/protocol dependencies.zod'),
  };
  const rootManifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;
  const scratchManifest = {
    name: 'dcrflow-consumer-scratch',
    private: true,
    type: 'module',
    dependencies: {
      ...Object.fromEntries(packages.map((pkg) => [pkg.name, `file:packs/${tarballName(pkg)}`])),
      // The app already has its own xstate and zod, pinned at the lowest versions dcrflow accepts.
      xstate: appVersions.xstate,
      zod: appVersions.zod,
      // An app that already uses ky, for kyFetch (decision 0017).
      ky: floorOf(protocol?.manifest.dependencies?.ky, '@dcrflow/protocol dependencies.ky'),
      'core-js': '^3.40.0',
    },
    devDependencies: {
      '@types/node': '^22.12.0',
      'typescript-5.4': 'npm:typescript@~5.4.0',
      'typescript-5': 'npm:typescript@^5',
      vite: rootManifest.devDependencies?.vite ?? 'latest',
    },
  };
  await writeFile(join(dir, 'package.json'), `${JSON.stringify(scratchManifest, null, 2)}\n`);
  const install = await runCommand(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', '--loglevel=error'],
    { cwd: dir, env: consumerEnv(), timeoutMs: 360_000 },
  );
  if (install.code !== 0) throw new Error(describeRun('npm install (scratch project)', install));

  await cp(FIXTURES, dir, { recursive: true });
  await mkdir(join(dir, 'snippets', 'browser'), { recursive: true });
  await mkdir(join(dir, 'snippets', 'node'), { recursive: true });
  await cp(join(SNIPPETS, 'browser-app.ts'), join(dir, 'snippets', 'browser', 'browser-app.ts'));
  await cp(join(SNIPPETS, 'node-service.ts'), join(dir, 'snippets', 'node', 'node-service.ts'));
  await cp(join(SNIPPETS, 'simulator-in-tests.ts'), join(dir, 'snippets', 'node', 'simulator-in-tests.ts'));
  // The smart-TV build imports the documented polyfills exactly as the docs show them.
  await cp(join(SNIPPETS, 'browser-polyfills.ts'), join(dir, 'browser-legacy', 'polyfills.ts'));
  return { dir, packages, appVersions };
}
