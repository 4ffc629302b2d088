// Vitest globalSetup: one real redis-server per test run (scripts/testing/redisServer.ts); a missing redis-server
// FAILS the suite, never skips.
import type { TestProject } from 'vitest/node';
import { startRedisServer } from '../../../../scripts/testing/redisServer.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const redis = await startRedisServer('the @dcrflow/node Redis tests');
  project.provide('redisUrl', redis.url);
  return () => redis.stop();
}
