// Shared Vitest settings for every workspace package.
// Why the conditions: workspace packages export "@dcrflow/source" → src/*.ts, so tests run against source without
// a build. Vite 6+ replaces (not extends) its default conditions when `conditions` is set, hence the spreads.
import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig, type ViteUserConfig } from 'vitest/config';

export function packageTestConfig(overrides: ViteUserConfig['test'] = {}): ViteUserConfig {
  return defineConfig({
    resolve: { conditions: ['@dcrflow/source', ...defaultClientConditions] },
    ssr: { resolve: { conditions: ['@dcrflow/source', ...defaultServerConditions] } },
    test: {
      include: ['test/**/*.test.ts'],
      reporters: ['default', 'json'],
      // scripts/dev.mjs sums these reports into the closing "N passed, N failed" line.
      outputFile: { json: '.test-results/vitest.json' },
      // Limits, not expectations: every test bounds its own work and waits on signals, so these only end a hang. They
      // are sized for the load check (npm test beside one busy process per core, docs/reliability.md), where
      // bounded work runs 3–5× slower than on an idle machine.
      testTimeout: 60_000,
      hookTimeout: 60_000,
      ...overrides,
    },
  });
}
