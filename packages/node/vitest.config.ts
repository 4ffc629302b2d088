import { packageTestConfig } from '../../scripts/vitest.preset.ts';

// The Redis tests run against a real redis-server started (and stopped) by the global setup.
export default packageTestConfig({ globalSetup: ['test/support/redisServer.ts'], testTimeout: 60_000 });
