import { packageTestConfig } from '../../scripts/vitest.preset.ts';

// One redis-server for the run (test/support/redisServer.ts); a missing redis-server fails the suite.
// Every test here does a fixed amount of work (seeded fuzz cases, kills, drops), so the limits are generous: they only
// stop a hang, and a busy CPU (the load check: npm test beside one busy process per core) makes the work 3–5× slower.
export default packageTestConfig({ globalSetup: ['test/support/redisServer.ts'], testTimeout: 120_000 });
