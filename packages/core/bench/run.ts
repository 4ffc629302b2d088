// `pnpm bench` in packages/core: getAccessToken() on a valid token against a Map.get + clock baseline (same run),
// and 10,000 concurrent getAccessToken() calls on a cold client (requests and time). Starts its own simulator,
// prints the results and rewrites the core section of docs/benchmarks.md.
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { createDcrClient, memoryStore, systemClock } from '@dcrflow/core';
import { startSimulator } from '@dcrflow/simulator/node';
import { writeBenchSection } from '../../../scripts/bench/writeBenchSection.ts';

const DOC = fileURLToPath(new URL('../../../docs/benchmarks.md', import.meta.url));
const deviceInfo = { model: 'bench', version: '1', osName: 'Linux', osVersion: '6', connectionType: 'LAN' } as const;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

/** ns per awaited call, median of `runs` timed loops of `iterations` calls. */
async function measure(call: () => Promise<unknown>, iterations: number, runs: number): Promise<number> {
  for (let i = 0; i < iterations; i++) await call(); // warm-up (JIT)
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) await call();
    samples.push(Number(process.hrtime.bigint() - started) / iterations);
  }
  return median(samples);
}

const { url, simulator, close } = await startSimulator({ port: 0, throttle: false });
let section: string;
try {
  const { software_statement: statement } = await simulator.mintSoftwareStatement();

  // 1. Hot path: a valid token is in hand.
  const client = createDcrClient({ baseUrl: url, softwareStatement: statement, store: memoryStore(), deviceInfo });
  const token = await client.getAccessToken();
  const cache = new Map([['token', token]]);
  const baseline = () => {
    const cached = cache.get('token');
    return Promise.resolve(cached !== undefined && systemClock.now() < cached.expiresAt ? cached : undefined);
  };
  const iterations = 200_000;
  const runs = 7;
  // Interleave the two measurements so both see the same machine conditions.
  const baselineNs: number[] = [];
  const clientNs: number[] = [];
  for (let round = 0; round < 3; round++) {
    baselineNs.push(await measure(baseline, iterations, runs));
    clientNs.push(await measure(() => client.getAccessToken(), iterations, runs));
  }
  const base = median(baselineNs);
  const hot = median(clientNs);
  const ratio = hot / base;
  const hotRequests = simulator.stats().requests;
  client.stop();

  // 2. 10,000 concurrent callers on a cold client: single flight.
  const coldRuns: Array<{ ms: number; register: number; token: number; distinct: number }> = [];
  for (let run = 0; run < 5; run++) {
    simulator.reset();
    const { software_statement } = await simulator.mintSoftwareStatement();
    const cold = createDcrClient({
      baseUrl: url,
      softwareStatement: software_statement,
      store: memoryStore(),
      deviceInfo,
    });
    const started = performance.now();
    const tokens = await Promise.all(Array.from({ length: 10_000 }, () => cold.getAccessToken()));
    const ms = performance.now() - started;
    const { register, token: tokenRequests } = simulator.stats().requests;
    coldRuns.push({ ms, register, token: tokenRequests, distinct: new Set(tokens).size });
    cold.stop();
  }
  const coldMs = median(coldRuns.map((run) => run.ms));
  const allSingle = coldRuns.every((run) => run.register === 1 && run.token === 1 && run.distinct === 1);

  const cpus = os.cpus();
  const lines = [
    `Machine: ${cpus[0]?.model ?? 'unknown CPU'} (${cpus.length} cores), ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}; Node ${process.version}.`,
    `Command: \`pnpm --filter @dcrflow/core bench\` (\`node --conditions=@dcrflow/source bench/run.ts\`), ${new Date().toISOString().slice(0, 10)}.`,
    '',
    '| measurement | result |',
    '|---|---|',
    `| \`getAccessToken()\` on a valid token (awaited, sequential) | ${hot.toFixed(0)} ns/call (${(1e9 / hot / 1e6).toFixed(2)} M calls/s) |`,
    `| baseline: \`Map.get\` + \`clock.now()\` check, returned as a promise | ${base.toFixed(0)} ns/call (${(1e9 / base / 1e6).toFixed(2)} M calls/s) |`,
    `| ratio client / baseline | ${ratio.toFixed(2)}× |`,
    `| requests during the hot-path run (${(iterations * runs * 3 * 2).toLocaleString('en-US')} calls) | ${hotRequests.register} register + ${hotRequests.token} token (cold start only) |`,
    `| 10,000 concurrent \`getAccessToken()\` on a cold client (median of ${coldRuns.length}) | ${coldMs.toFixed(1)} ms to resolve all; ${allSingle ? '1 register + 1 token request, 1 shared token object in every run' : `requests: ${JSON.stringify(coldRuns)}`} |`,
    '',
    `Each hot-path figure is the median of 3 interleaved rounds × ${runs} loops × ${iterations.toLocaleString('en-US')} awaited calls, after a warm-up loop. The concurrent figure includes the simulator's real HTTP registration and token request on 127.0.0.1.`,
  ];
  section = lines.join('\n');
  console.log(section);
  if (!allSingle) process.exitCode = 1;
} finally {
  await close();
}

writeBenchSection(DOC, 'core', `## @dcrflow/core\n\n${section}`);
console.log(`\nWrote the core section of ${DOC}.`);
