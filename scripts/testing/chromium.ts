/**
 * Shared by every end-to-end suite that drives Debian's Chromium (browser adapters, inspector, CLI demo).
 *
 * Flags that make headless Chromium behave on a closed CI network (see shared toolchain guide): no sandbox (root in
 * containers), no GPU, and no background networking, updates or sync — without them Chromium floods the network
 * with refused connections. Never `--user-data-dir` (Playwright manages profiles).
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

/** The Chromium executable: `CHROMIUM_PATH` or Debian's `/usr/bin/chromium`. Nothing ever downloads a browser. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}
