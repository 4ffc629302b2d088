import type { Page } from 'playwright-core';
import { type FrameStats, frameStats } from './frameStats.ts';
import { type FrameMonitor, installFrameMonitor } from './installFrameMonitor.ts';

/** One measured input: `click` on a timeline row, `key` (← or →), `toggle` of the "all actors" checkbox. */
export interface MeasuredInteraction {
  readonly kind: 'click' | 'key' | 'toggle';
  /** From the input event's timestamp to the end of the next frame painted after it. */
  readonly ms: number;
}

/** What one load-and-scrub of a recording measured. Times in milliseconds. */
export interface RecordingMeasurement {
  /** Wire events the inspector reported for the file. */
  readonly events: number;
  /** Timeline rows of the recorded machine (the default view), and of every actor. */
  readonly machineRows: number;
  readonly totalRows: number;
  /** Rows listed once "all actors" was checked (equals `totalRows` when the filter works). */
  readonly rowsWithAllActors: number;
  /** The file chosen → the end of the first painted frame showing the status line and timeline rows. */
  readonly timelineMs: number;
  /** The file chosen → the end of the first painted frame showing the chart's active state too (ELK layout done). */
  readonly loadMs: number;
  readonly load: FrameStats;
  /** Clicking rows across the timeline and stepping with ← / → (including scrolling to each place). */
  readonly scrub: FrameStats;
  /** Scrolling the whole list with every actor's rows, one jump per frame. */
  readonly scroll: FrameStats;
  /** From choosing the file to the end, idle pauses between phases included. */
  readonly session: FrameStats;
  readonly interactions: readonly MeasuredInteraction[];
  /** The most timeline rows in the DOM at once while scrolling (the list is windowed). */
  readonly domRowsWhileScrolling: number;
}

/** What to load and how much to scrub. */
export interface MeasureRecordingOptions {
  /** The preview server's origin (`http://127.0.0.1:<port>`). */
  readonly origin: string;
  /** Path of the JSONL recording to open. */
  readonly file: string;
  /** Wire events in the file; loading ends when the status line reports them. */
  readonly events: number;
  /** Places across the timeline where a row is clicked (default {@link MEASURE_DEFAULTS}). */
  readonly positions?: number;
  /** → presses, then as many ← presses, after each click. */
  readonly steps?: number;
  /** Scroll jumps through the whole list. */
  readonly scrollJumps?: number;
}

/** How much {@link measureRecording} scrubs and scrolls unless told otherwise. */
export const MEASURE_DEFAULTS = { positions: 8, steps: 3, scrollJumps: 40 } as const;

/** The page size the figures are measured at (the screenshots' size). */
export const MEASURE_VIEWPORT = { width: 1440, height: 900 } as const;

const TIMEOUT_MS = 30_000;
/** Idle pause between phases, so late work of one phase (the chart's layout worker) does not land in the next. */
const SETTLE_MS = 500;

/**
 * Opens the inspector on a fresh `page`, loads the recording through the file input, then scrubs (clicks a row at
 * `positions` places across the timeline, each followed by `steps` → and `steps` ← presses), checks "all actors" and
 * scrolls the whole list. Every frame, long task and interaction is recorded in the page by
 * {@link installFrameMonitor}; this returns the figures per phase. Throws if the page reports an error or a step does
 * not take effect. Asserts nothing about timings.
 *
 * @example
 * ```ts
 * const page = await browser.newPage({ viewport: MEASURE_VIEWPORT });
 * const result = await measureRecording(page, { origin: app.origin, file: 'ten-thousand.jsonl', events: 10_000 });
 * console.log(result.loadMs, result.session.longestFrameMs);
 * ```
 */
export async function measureRecording(page: Page, options: MeasureRecordingOptions): Promise<RecordingMeasurement> {
  const positions = options.positions ?? MEASURE_DEFAULTS.positions;
  const steps = options.steps ?? MEASURE_DEFAULTS.steps;
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.addInitScript(installFrameMonitor);
  await page.goto(`${options.origin}/?source=page`);
  await page.waitForSelector('[data-testid="timeline"]');
  let interactions = 0;
  const settled = async () => {
    await page.waitForFunction(
      (count) => {
        const monitor = (globalThis as unknown as { __dcrflowFrameMonitor: FrameMonitor }).__dcrflowFrameMonitor;
        return monitor.pending === 0 && monitor.interactions.length >= count;
      },
      interactions,
      { timeout: TIMEOUT_MS },
    );
  };

  // ---- load ----
  const sessionStart = await now(page);
  await page.setInputFiles('[data-testid="recording-input"]', options.file);
  const loaded = await page.evaluate(waitForLoadedFrame, {
    status: `: ${options.events.toLocaleString('en')} events`,
    timeoutMs: TIMEOUT_MS,
  });
  if (loaded.fileChosenAt === null) throw new Error('The page never saw the recording file chosen.');
  await page.waitForTimeout(SETTLE_MS);
  const machine = await rowCounts(page);

  // ---- scrub: click rows across the timeline, step with the arrow keys ----
  const scrubStart = await now(page);
  for (let position = 0; position < positions; position++) {
    const row = await page.evaluate(scrollToAndPickRow, positions === 1 ? 0 : position / (positions - 1));
    await page.locator(`[data-row="${row}"]`).click();
    interactions += 1;
    await settled();
    const selected = await page.locator('[role="option"][aria-selected="true"]').getAttribute('data-row');
    if (selected !== row) throw new Error(`Clicking row ${row} selected row ${selected ?? 'none'}.`);
    for (const key of [...Array<string>(steps).fill('ArrowRight'), ...Array<string>(steps).fill('ArrowLeft')]) {
      await page.keyboard.press(key);
      interactions += 1;
      await settled();
    }
  }
  const scrubEnd = await now(page);
  await page.waitForTimeout(SETTLE_MS);

  // ---- every actor's rows, scrolled top to bottom ----
  await page.locator('.timeline__filter input').check();
  interactions += 1;
  await settled();
  await page.waitForFunction(
    () => /^([\d,]+) of \1 rows/.test(document.querySelector('[data-testid="timeline-count"]')?.textContent ?? ''),
    undefined,
    { timeout: TIMEOUT_MS },
  );
  const all = await rowCounts(page);
  await page.waitForTimeout(SETTLE_MS);
  const scroll = await page.evaluate(scrollThrough, options.scrollJumps ?? MEASURE_DEFAULTS.scrollJumps);
  const sessionEnd = await now(page);

  const monitor = await page.evaluate(
    () => (globalThis as unknown as { __dcrflowFrameMonitor: FrameMonitor }).__dcrflowFrameMonitor,
  );
  if (errors.length > 0) throw new Error(`The inspector threw while being measured: ${errors.join('; ')}`);
  const stats = (from: number, to: number) => frameStats(monitor.frames, monitor.longTasks, from, to);
  return {
    events: options.events,
    machineRows: machine.shown,
    totalRows: machine.total,
    rowsWithAllActors: all.shown,
    timelineMs: loaded.timelineAt - loaded.fileChosenAt,
    loadMs: loaded.at - loaded.fileChosenAt,
    load: stats(loaded.fileChosenAt, loaded.at),
    scrub: stats(scrubStart, scrubEnd),
    scroll: stats(scroll.start, scroll.end),
    session: stats(sessionStart, sessionEnd),
    interactions: monitor.interactions.map((interaction) => ({
      kind: interaction.kind.startsWith('key') ? 'key' : interaction.kind === 'toggle' ? 'toggle' : 'click',
      ms: interaction.end - interaction.start,
    })),
    domRowsWhileScrolling: scroll.domRows,
  };
}

const now = (page: Page) => page.evaluate(() => performance.now());

/** "1,234 of 5,678 rows" → shown and total. */
async function rowCounts(page: Page): Promise<{ shown: number; total: number }> {
  const text = (await page.locator('[data-testid="timeline-count"]').textContent()) ?? '';
  const match = /^([\d,]+) of ([\d,]+) rows/.exec(text);
  if (match === null) throw new Error(`Unexpected timeline count "${text}".`);
  const number = (digits: string | undefined) => Number((digits ?? '').replace(/,/g, ''));
  return { shown: number(match[1]), total: number(match[2]) };
}

// The functions below run IN THE PAGE (serialised by Playwright): they use nothing but their argument.

/**
 * Resolves after the first painted frame that shows `status` and an active chart state, with the end of the first
 * painted frame that showed `status` and timeline rows (the chart's layout runs in a worker and may come later).
 */
function waitForLoadedFrame(input: {
  status: string;
  timeoutMs: number;
}): Promise<{ timelineAt: number; at: number; fileChosenAt: number | null }> {
  const monitor = (globalThis as unknown as { __dcrflowFrameMonitor: FrameMonitor }).__dcrflowFrameMonitor;
  const deadline = performance.now() + input.timeoutMs;
  // A requestAnimationFrame callback precedes the frame that paints what it sees; a message posted from it is
  // delivered after that paint.
  const afterPaint = (done: (at: number) => void) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      done(performance.now());
    };
    channel.port2.postMessage(null);
  };
  let listedSeen = false;
  let timelineAt = 0;
  return new Promise((resolve, reject) => {
    const check = () => {
      const status = document.querySelector('[data-testid="source-status"]')?.textContent ?? '';
      const listed = status.includes(input.status) && document.querySelector('[role="option"]') !== null;
      if (listed && !listedSeen) {
        listedSeen = true;
        afterPaint((at) => {
          timelineAt = at;
        });
      }
      if (listed && document.querySelector('[data-state-id][data-active="true"]') !== null) {
        // Messages arrive in order: `timelineAt` is set by the time this one is delivered.
        afterPaint((at) => resolve({ timelineAt, at, fileChosenAt: monitor.fileChosenAt }));
      } else if (performance.now() > deadline) {
        reject(new Error(`The recording did not load within ${input.timeoutMs} ms (status: "${status}").`));
      } else {
        requestAnimationFrame(check);
      }
    };
    requestAnimationFrame(check);
  });
}

/** Scrolls the timeline to `fraction` of its height and returns the `data-row` of the row at the list's centre. */
async function scrollToAndPickRow(fraction: number): Promise<string> {
  const list = document.querySelector('[data-testid="timeline"]') as HTMLElement;
  list.scrollTop = (list.scrollHeight - list.clientHeight) * fraction;
  // Two frames: the scroll event re-renders the window of rows, the next frame shows it.
  await new Promise(requestAnimationFrame);
  await new Promise(requestAnimationFrame);
  const box = list.getBoundingClientRect();
  const rows = [...list.querySelectorAll<HTMLElement>('[role="option"]')];
  const visible = rows.filter((row) => {
    const rect = row.getBoundingClientRect();
    return rect.top >= box.top && rect.bottom <= box.bottom;
  });
  const row = visible[Math.floor(visible.length / 2)] ?? rows[0];
  if (row?.dataset.row === undefined) throw new Error('The timeline shows no row to click.');
  return row.dataset.row;
}

/** Scrolls the whole list in `jumps` steps, one per frame; returns the window and the most rows in the DOM. */
async function scrollThrough(jumps: number): Promise<{ start: number; end: number; domRows: number }> {
  const list = document.querySelector('[data-testid="timeline"]') as HTMLElement;
  list.scrollTop = 0;
  await new Promise(requestAnimationFrame);
  await new Promise(requestAnimationFrame);
  const start = performance.now();
  let domRows = 0;
  for (let i = 1; i <= jumps; i++) {
    list.scrollTop = (list.scrollHeight - list.clientHeight) * (i / jumps);
    list.dispatchEvent(new Event('scroll'));
    await new Promise(requestAnimationFrame);
    domRows = Math.max(domRows, list.querySelectorAll('[role="option"]').length);
  }
  await new Promise(requestAnimationFrame);
  return { start, end: performance.now(), domRows };
}
