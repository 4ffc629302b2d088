import { existsSync } from 'node:fs';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { CHROMIUM_ARGS, chromiumPath } from '../../scripts/testing/chromium.ts';
import { packageTestConfig } from '../../scripts/vitest.preset.ts';

// The browser tests are the point of this package: when Chromium is missing the run fails here, loudly, instead of
// skipping (a skipped browser suite would pass CI while testing nothing).
const executablePath = chromiumPath();
if (!existsSync(executablePath)) {
  throw new Error(
    `Chromium was not found at ${executablePath}. The @dcrflow/browser tests run in real headless Chromium: install it ` +
      '(Debian: apt-get install -y chromium) or set CHROMIUM_PATH to its executable.',
  );
}

// The shared preset (source conditions, JSON report, timeouts) minus its `include`: projects that extend the root
// config would otherwise inherit the root include on top of their own (vitest concatenates arrays).
const preset = packageTestConfig();
const { include: _rootInclude, ...presetTest } = preset.test ?? {};

export default defineConfig({
  ...preset,
  // Pre-bundled up front so Vite never re-optimises (and reloads the page) in the middle of a browser run.
  optimizeDeps: {
    include: [
      '@dcrflow/core > xstate',
      '@dcrflow/core > zod/mini',
      '@dcrflow/protocol > ky',
      '@dcrflow/simulator > hono',
      '@dcrflow/simulator > jose',
    ],
  },
  test: {
    ...presetTest,
    projects: [
      {
        extends: true,
        test: {
          name: 'chromium',
          include: ['test/browser/**/*.test.ts'],
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({ launchOptions: { executablePath, args: [...CHROMIUM_ARGS] } }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
      {
        extends: true,
        test: {
          name: 'two-tab',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
