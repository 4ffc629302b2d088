import { packageTestConfig } from '../../scripts/vitest.preset.ts';

// One redis-server for the run (test/support/redisServer.ts); a missing redis-server fails the suite.
export default packageTestConfig({ globalSetup: ['test/support/redisServer.ts'] });
