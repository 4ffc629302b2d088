import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../../../scripts/testing/chromium.ts';

/**
 * Launches Debian's Chromium (or `CHROMIUM_PATH`) headless through playwright-core, with the project's flags for a
 * closed network. Never downloads a browser: a missing executable is an error that says how to install one.
 *
 * @example
 * ```ts
 * const browser = await launchChromium();
 * console.log(browser.version()); // "156.0.8078.108"
 * ```
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium was not found at ${executablePath}. The inspector's end-to-end tests and benchmark need a real browser: install it (apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
  }
  return chromium.launch({ executablePath, args: [...CHROMIUM_ARGS] });
}
