#!/usr/bin/env node
// The two README commands. `npm start` and `npm test` land here, on whatever Node the machine has (the system Node 20
// on a fresh machine), so this file uses nothing but Node built-ins. It installs what is missing — pnpm (from the npm
// registry), the workspace dependencies (which bring Node 24 from the npm registry: every pnpm/turbo task then runs on
// it), and for tests Debian's chromium and redis-server — then runs the job.
//
//   node scripts/dev.mjs start   build, then run the demo (simulator + live client + inspector), printing its URL
//   node scripts/dev.mjs test    typecheck, lint and every test; ends with "N passed, N failed"
//                                (--concurrency=N|default: how many packages turbo tests at once; 2 unless told)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closingReport } from './closingReport.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const pnpmVersion = rootManifest.packageManager.replace(/^pnpm@/, '');

// Turbo phones home on every run unless told not to; pnpm must never try to fetch another pnpm.
const env = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: '1',
  DO_NOT_TRACK: '1',
  pnpm_config_pm_on_fail: 'ignore',
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: read by this launcher, not by a turbo task
  FORCE_COLOR: process.env.FORCE_COLOR ?? (process.stdout.isTTY ? '1' : '0'),
};

function log(message) {
  process.stderr.write(`\x1b[36m[dcrflow]\x1b[0m ${message}\n`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, env, stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function capture(command, args) {
  const result = spawnSync(command, args, { cwd: root, env, encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

function onPath(command) {
  return capture('sh', ['-c', `command -v ${command}`]) !== undefined;
}

/** pnpm exactly as pinned in package.json#packageManager: the global one if it matches, else a project-local copy. */
function ensurePnpm() {
  if (capture('pnpm', ['--version']) === pnpmVersion) return 'pnpm';
  const localBin = join(root, '.tools', 'node_modules', '.bin');
  const local = join(localBin, 'pnpm');
  // turbo spawns `pnpm run …` by name, so a project-local pnpm must be on PATH too.
  env.PATH = `${localBin}:${env.PATH ?? ''}`;
  if (existsSync(local) && capture(local, ['--version']) === pnpmVersion) return local;
  log(`installing pnpm ${pnpmVersion} from the npm registry into .tools/ …`);
  mkdirSync(join(root, '.tools'), { recursive: true });
  const status = run('npm', [
    'install',
    '--prefix',
    join(root, '.tools'),
    '--no-save',
    '--no-package-lock',
    '--no-audit',
    '--no-fund',
    `pnpm@${pnpmVersion}`,
  ]);
  if (status !== 0 || capture(local, ['--version']) !== pnpmVersion) {
    fail(
      `could not install pnpm ${pnpmVersion} (npm exited ${status}). Install it yourself: npm i -g pnpm@${pnpmVersion}`,
    );
  }
  return local;
}

function ensureDependencies(pnpm) {
  log('installing workspace dependencies (pnpm install --frozen-lockfile) …');
  if (run(pnpm, ['install', '--frozen-lockfile']) !== 0) fail('pnpm install failed; see the output above.');
}

/** Tests run against real Chromium and a real redis-server: install them from Debian when absent, or say what to install. */
function ensureSystemPackages() {
  const wanted = [
    { command: 'chromium', pkg: 'chromium' },
    { command: 'redis-server', pkg: 'redis-server' },
  ];
  const missing = wanted.filter((w) => !onPath(w.command)).map((w) => w.pkg);
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !onPath('apt-get')) {
    fail(
      `the tests need ${missing.join(' and ')}, which ${missing.length > 1 ? 'are' : 'is'} not installed. ` +
        `Install with: sudo apt-get install -y ${missing.join(' ')}`,
    );
  }
  log(`installing ${missing.join(', ')} from Debian (apt-get) …`);
  const aptEnv = { ...env, DEBIAN_FRONTEND: 'noninteractive' };
  if (run('apt-get', ['update', '-qq'], { env: aptEnv }) !== 0) fail('apt-get update failed.');
  if (run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env: aptEnv }) !== 0) {
    fail(`apt-get install ${missing.join(' ')} failed.`);
  }
}

function fail(message) {
  process.stderr.write(`\x1b[31m[dcrflow] ${message}\x1b[0m\n`);
  process.exit(1);
}

/** Directories that may hold a vitest JSON report: every workspace package with a test script, plus the repo suite. */
function testProjects() {
  const projects = [{ name: 'repo (scripts/test)', dir: join(root, 'scripts') }];
  for (const group of ['packages', 'apps', 'examples']) {
    const base = join(root, group);
    if (!existsSync(base)) continue;
    for (const entry of readdirSync(base, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const manifestPath = join(base, entry.name, 'package.json');
      if (!existsSync(manifestPath)) continue;
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
      if (manifest.scripts?.test) projects.push({ name: manifest.name, dir: join(base, entry.name) });
    }
  }
  return projects;
}

function test() {
  const pnpm = ensurePnpm();
  ensureDependencies(pnpm);
  ensureSystemPackages();

  const projects = testProjects();
  for (const p of projects) rmSync(join(p.dir, '.test-results'), { recursive: true, force: true });

  const failures = [];
  log('typecheck and lint …');
  if (run(pnpm, ['exec', 'turbo', 'run', 'typecheck', '--continue', '--output-logs=errors-only']) !== 0) {
    failures.push('typecheck');
  }
  // The repository's own TypeScript (test preset, shared test and bench helpers, the architecture suite).
  if (run(pnpm, ['exec', 'tsc', '-p', 'scripts/tsconfig.json']) !== 0) failures.push('typecheck (scripts/)');
  if (run(pnpm, ['exec', 'biome', 'check', '.']) !== 0) failures.push('lint (biome check .)');

  log('tests …');
  run(pnpm, ['exec', 'vitest', 'run', '--config', 'scripts/vitest.config.ts']);
  // Two packages at a time on two cores by default. `npm test -- --concurrency=default` leaves turbo at its own
  // default (10) and `--concurrency=N` sets it: the load check runs both, since no test may depend on the setting.
  const concurrency = process.argv.find((arg) => arg.startsWith('--concurrency='))?.slice('--concurrency='.length);
  const turboConcurrency = concurrency === 'default' ? [] : [`--concurrency=${concurrency ?? 2}`];
  run(pnpm, ['exec', 'turbo', 'run', 'test', '--continue', ...turboConcurrency]);

  const { passed, failed, failures: all, perProject } = closingReport(root, projects, failures);
  for (const line of perProject) log(line);
  // The closing part: each failure on its own line (`file › describe › test`), then the count line, which stays the
  // last line and alone on it. stdout for both, so their order holds even when stdout and stderr are read apart.
  for (const f of all) process.stdout.write(`FAILED ${f}\n`);
  if (passed === 0) process.stdout.write('FAILED no test ran — that is a failure.\n');
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  process.exit(failed > 0 || passed === 0 ? 1 : 0);
}

function start() {
  const pnpm = ensurePnpm();
  ensureDependencies(pnpm);
  log('building …');
  if (run(pnpm, ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only']) !== 0) fail('the build failed.');
  // The demo: the DCR simulator, a live dcrflow client with short tokens, the inspector relay and the inspector app.
  // `dcrflow demo` prints the one URL to open; Ctrl-C stops everything. Extra arguments go to `dcrflow demo`
  // (e.g. `npm start -- --token-ttl 20`).
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: read by this launcher, not by a turbo task
  const port = process.env.PORT ?? '4010';
  log('starting the demo (Ctrl-C stops it) …');
  // Node 24 from node_modules (the system Node may be 20), started directly so one Ctrl-C reaches it once.
  const node = join(root, 'node_modules', '.bin', 'node');
  const child = spawn(node, ['packages/cli/bin/dcrflow.js', 'demo', '--port', port, ...process.argv.slice(3)], {
    cwd: root,
    env,
    stdio: 'inherit',
  });
  // A terminal's Ctrl-C already reaches the child (same process group); forward it only if the child is still up
  // a moment later (a SIGINT sent to this process alone). SIGTERM is never group-wide: forward it at once.
  process.on('SIGINT', () => setTimeout(() => child.kill('SIGINT'), 1_000).unref());
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}

const command = process.argv[2];
if (command === 'test') test();
else if (command === 'start') start();
else fail('usage: node scripts/dev.mjs start|test');
