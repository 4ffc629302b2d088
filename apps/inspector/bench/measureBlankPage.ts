import type { Page } from 'playwright-core';
import { type FrameStats, frameStats } from './frameStats.ts';
import { type FrameMonitor, installFrameMonitor } from './installFrameMonitor.ts';

/**
 * The baseline for frame figures: an empty page left idle for `durationMs`, measured with the same monitor as the
 * inspector. What it shows is the floor of this machine and browser (the frame interval when nothing runs, and the
 * stalls that come from elsewhere — other processes, the compositor).
 *
 * @example
 * ```ts
 * const idle = await measureBlankPage(await browser.newPage(), 2000);
 * console.log(idle.medianFrameMs, idle.longestFrameMs); // ~16.7, ~20 on an idle machine
 * ```
 */
export async function measureBlankPage(page: Page, durationMs = 2000): Promise<FrameStats> {
  await page.goto('about:blank');
  await page.evaluate(installFrameMonitor);
  const start = await page.evaluate(() => performance.now());
  await page.waitForTimeout(durationMs);
  const end = await page.evaluate(() => performance.now());
  const monitor = await page.evaluate(
    () => (globalThis as unknown as { __dcrflowFrameMonitor: FrameMonitor }).__dcrflowFrameMonitor,
  );
  return frameStats(monitor.frames, monitor.longTasks, start, end);
}
