// `pnpm bench` in apps/inspector: loads and scrubs a 10,000-event recording in headless Chromium (Debian's, through
// playwright-core; never a download), beside a 100-event recording of the same session and a blank page measured in
// the same run, 3 rounds. Prints the section and rewrites only `<!-- bench:inspector:start -->` … `end -->` in
// docs/benchmarks.md. `--rounds=N` runs N rounds and only prints (a quick look: the docs keep the 3-round figures).
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { writeBenchSection } from '../../../scripts/bench/writeBenchSection.ts';
import { formatInspectorReport, type InspectorBenchRound } from './formatInspectorReport.ts';
import { launchChromium } from './launchChromium.ts';
import { measureBlankPage } from './measureBlankPage.ts';
import { MEASURE_VIEWPORT, measureRecording } from './measureRecording.ts';
import { recordingOf, recordLongSession } from './recordLongSession.ts';
import { type InspectorPreview, startInspectorPreview } from './startInspectorPreview.ts';

const DOC = fileURLToPath(new URL('../../../docs/benchmarks.md', import.meta.url));
const COMMAND = '`pnpm bench` (apps/inspector: `node --conditions=@dcrflow/source bench/run.ts`)';
const LARGE = 10_000;
const SMALL = 100;

const roundsFlag = process.argv.find((arg) => arg.startsWith('--rounds='));
const roundCount = roundsFlag === undefined ? 3 : Number(roundsFlag.slice('--rounds='.length));
if (!Number.isInteger(roundCount) || roundCount < 1 || roundCount > 20) {
  console.error('--rounds must be a whole number from 1 to 20.');
  process.exit(2);
}

const started = performance.now();
const loadAverageStart = os.loadavg()[0] ?? 0;
let browser: Browser | undefined;
let app: InspectorPreview | undefined;
try {
  const chromium = await launchChromium();
  browser = chromium;
  console.log(`Chromium ${chromium.version()}; building the inspector…`);
  app = await startInspectorPreview();
  const { origin, outDir } = app;
  console.log(`Serving ${origin}; recording a ${LARGE.toLocaleString('en')}-event session…`);
  const session = await recordLongSession(LARGE);
  const largeFile = join(outDir, 'bench-large.jsonl');
  const smallFile = join(outDir, 'bench-small.jsonl');
  await writeFile(largeFile, recordingOf(session, LARGE));
  await writeFile(smallFile, recordingOf(session, SMALL));

  // A fresh page for every measurement: nothing one leaves behind (caches, listeners) affects the next.
  const inPage = async <T>(measure: (page: Page) => Promise<T>): Promise<T> => {
    const page = await chromium.newPage({ viewport: MEASURE_VIEWPORT });
    try {
      return await measure(page);
    } finally {
      await page.close();
    }
  };
  const rounds: InspectorBenchRound[] = [];
  for (let round = 1; round <= roundCount; round++) {
    const blank = await inPage((page) => measureBlankPage(page));
    const small = await inPage((page) => measureRecording(page, { origin, file: smallFile, events: SMALL }));
    const large = await inPage((page) => measureRecording(page, { origin, file: largeFile, events: LARGE }));
    rounds.push({ blank, small, large });
    console.log(
      `round ${round}/${roundCount}: load ${large.loadMs.toFixed(0)} ms (baseline ${small.loadMs.toFixed(0)} ms), longest frame ${large.session.longestFrameMs.toFixed(0)} ms (baseline ${small.session.longestFrameMs.toFixed(0)} ms, blank page ${blank.longestFrameMs.toFixed(0)} ms)`,
    );
  }

  const cpus = os.cpus();
  const section = formatInspectorReport(rounds, {
    cpu: cpus[0]?.model.trim() ?? 'unknown CPU',
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    chromium: chromium.version(),
    command: COMMAND,
    date: new Date().toISOString().slice(0, 10),
    loadAverageStart,
    loadAverageEnd: os.loadavg()[0] ?? 0,
    seconds: Math.round((performance.now() - started) / 1000),
  });
  console.log(`\n${section}\n`);
  if (roundsFlag === undefined) {
    writeBenchSection(DOC, 'inspector', section);
    console.log(`Wrote the inspector section of ${DOC}.`);
  } else {
    console.log(`${roundsFlag}: printed only; ${DOC} is unchanged.`);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await browser?.close();
  await app?.close();
}
