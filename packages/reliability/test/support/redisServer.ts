// Vitest globalSetup: one real redis-server for this package's run (scripts/testing/redisServer.ts); a missing
// redis-server FAILS the suite, never skips.
import type { TestProject } from 'vitest/node';
import { startRedisServer } from '../../../../scripts/testing/redisServer.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    redisPort: number;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const redis = await startRedisServer('the crash-safety suite');
  project.provide('redisPort', redis.port);
  return () => redis.stop();
}
