import { randomUUID } from 'node:crypto';
import { describeCredentialStoreContract } from '@dcrflow/core/testing';
import { inject } from 'vitest';
import { type RedisStore, redisStore } from '../src/index.ts';

describeCredentialStoreContract(
  'redisStore',
  () => redisStore({ url: inject('redisUrl') }, { keyPrefix: `contract:${randomUUID()}:` }),
  { concurrentWriters: 16, cleanup: (store) => (store as RedisStore).close() },
);
