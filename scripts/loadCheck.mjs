#!/usr/bin/env node
// The load check (docs/reliability.md, "Load check"): runs `npm test` several times in a row while the CPU is
// oversubscribed, to show that no test races the wall clock. Node built-ins only, like scripts/dev.mjs.
//
//   node scripts/loadCheck.mjs                      3 runs, each beside as many busy processes as cores
//   node scripts/loadCheck.mjs --runs 1 --busy 0    one run on an idle machine
//   node scripts/loadCheck.mjs --concurrency default   turbo at its default concurrency instead of npm test's 2
//
// Each run's full output goes to .test-results/load-check/run-N.log; the console gets, per run, its closing lines
// (the FAILED lines and `N passed, N failed`) and its duration. Exits non-zero when any run failed.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    busy: { type: 'string', default: String(availableParallelism()) },
    concurrency: { type: 'string' },
    // Each busy process stops by itself after this many minutes, even if this script is killed with SIGKILL.
    'busy-minutes': { type: 'string', default: '' },
  },
});
const runs = positiveInteger('runs', values.runs, 1);
const busy = positiveInteger('busy', values.busy, 0);
// The busy loops are started afresh for each run and stopped after it; this deadline is only their safety net.
// Generous: a loaded run takes 5–10 min on 2 cores, much longer when other jobs share the machine.
const busyMinutes = values['busy-minutes'] === '' ? 45 : positiveInteger('busy-minutes', values['busy-minutes'], 1);

function positiveInteger(name, text, min) {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) {
    process.stderr.write(`loadCheck: --${name} must be an integer ≥ ${min}, got ${JSON.stringify(text)}\n`);
    process.exit(2);
  }
  return n;
}

function log(message) {
  process.stdout.write(`[load-check] ${message}\n`);
}

// A busy loop that ends on its own: at its deadline, or as soon as its parent (this script) is gone.
const busyLoop = `const end = Date.now() + ${busyMinutes * 60_000}; const parent = process.ppid; let i = 0;
while (Date.now() < end) { if (++i % 1e7 === 0 && process.ppid !== parent) break; }`;
let loads = [];
function startLoad() {
  loads = Array.from({ length: busy }, () => spawn(process.execPath, ['-e', busyLoop], { stdio: 'ignore' }));
}
function stopLoad() {
  for (const child of loads) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  loads = [];
}
process.on('exit', stopLoad);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    stopLoad();
    process.exit(130);
  });
}

const logDir = join(root, '.test-results', 'load-check');
mkdirSync(logDir, { recursive: true });
const testArgs = values.concurrency === undefined ? [] : [`--concurrency=${values.concurrency}`];
log(
  `${runs} × npm test${testArgs.length ? ` ${testArgs.join(' ')}` : ''} beside ${busy} busy process(es) on ` +
    `${availableParallelism()} core(s), started for each run; they stop by themselves after ${busyMinutes} min`,
);

/** One `npm test` (node scripts/dev.mjs test); resolves with its exit code, duration and closing lines. */
function runOnce(index) {
  const logPath = join(logDir, `run-${index}.log`);
  const out = createWriteStream(logPath);
  const started = Date.now();
  const child = spawn(process.execPath, [join(root, 'scripts', 'dev.mjs'), 'test', ...testArgs], {
    cwd: root,
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(out, { end: false });
  child.stderr.pipe(out, { end: false });
  return new Promise((resolve) => {
    child.on('close', (code) => {
      out.end(() => {
        const lines = readFileSync(logPath, 'utf8').trimEnd().split('\n');
        const closing = lines.filter((line) => line.startsWith('FAILED '));
        resolve({ code, seconds: (Date.now() - started) / 1000, closing, last: lines.at(-1) ?? '', logPath });
      });
    });
  });
}

const results = [];
for (let index = 1; index <= runs; index++) {
  log(`run ${index}/${runs} …`);
  startLoad();
  const result = await runOnce(index);
  stopLoad();
  results.push(result);
  const minutes = `${Math.floor(result.seconds / 60)} min ${Math.round(result.seconds % 60)} s`;
  log(
    `run ${index}/${runs}: ${result.last} — exit ${result.code}, ${minutes} (log: ${relative(root, result.logPath)})`,
  );
  for (const line of result.closing) log(`  ${line}`);
}
const failedRuns = results.filter((r) => r.code !== 0).length;
log(`${runs - failedRuns} of ${runs} runs passed`);
process.exit(failedRuns > 0 ? 1 : 0);
