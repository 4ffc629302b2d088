// `pnpm bench` in packages/bench: bundle size, the getAccessToken() hot path and single flight, heap per pooled
// client, and simulator throughput — each beside a baseline measured in the same run. Prints every section and
// rewrites only this package's sections of docs/benchmarks.md (`<!-- bench:NAME:start -->` … `end -->`).
// `--only=bundle,memory` runs a subset; DCRFLOW_BENCH_CLIENTS overrides the 100,000 pooled clients.
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { writeBenchSection } from '../../../scripts/bench/writeBenchSection.ts';
import { bundleBench } from './bundle/bundleBench.ts';
import { hotPathBench } from './hotPath/hotPathBench.ts';
import { memoryBench } from './memory/memoryBench.ts';
import { describeEnvironment } from './report/describeEnvironment.ts';
import { throughputBench } from './throughput/throughputBench.ts';

const DOC = fileURLToPath(new URL('../../../docs/benchmarks.md', import.meta.url));
const COMMAND = 'pnpm bench (packages/bench: node --conditions=@dcrflow/source src/run.ts)';

const BENCHES = {
  bundle: { title: 'Browser bundle size', run: bundleBench },
  'hot-path': { title: '`getAccessToken()` hot path and single flight', run: hotPathBench },
  memory: { title: 'Heap per pooled idle device client', run: memoryBench },
  simulator: { title: 'Simulator throughput on loopback', run: throughputBench },
} as const;
type BenchName = keyof typeof BENCHES;

const onlyFlag = process.argv.find((arg) => arg.startsWith('--only='));
const names = (
  onlyFlag === undefined ? Object.keys(BENCHES) : onlyFlag.slice('--only='.length).split(',')
) as BenchName[];
const unknown = names.filter((name) => !(name in BENCHES));
if (unknown.length > 0) {
  console.error(`Unknown bench ${unknown.join(', ')}; choose from ${Object.keys(BENCHES).join(', ')}.`);
  process.exit(2);
}

const summaries: string[] = [];
for (const name of names) {
  const bench = BENCHES[name];
  const started = performance.now();
  const loadAverage = os.loadavg()[0] ?? 0;
  console.log(`\n=== ${bench.title} ===`);
  const { markdown, summary } = await bench.run();
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  const section = [
    `## ${bench.title} (@dcrflow/bench)`,
    '',
    describeEnvironment(`${COMMAND}; ${seconds} s`, loadAverage),
    '',
    markdown,
  ].join('\n');
  console.log(section);
  writeBenchSection(DOC, name, section);
  summaries.push(`${name}: ${summary}`);
}
console.log(`\nWrote ${names.length} section(s) of ${DOC}:\n${summaries.map((line) => `  ${line}`).join('\n')}`);
