import { describeCredentialStoreContract } from '@dcrflow/core/testing';
import { describe, expect, it } from 'vitest';
import { memoryStore } from '../src/index.ts';

describeCredentialStoreContract('memoryStore', () => memoryStore());

describe('memoryStore', () => {
  it('can start with a value (version 1)', async () => {
    expect(await memoryStore('seed').get()).toEqual({ value: 'seed', version: 1 });
  });

  it('rejects non-string values', async () => {
    await expect(memoryStore().set(42 as unknown as string, { expectedVersion: null })).rejects.toThrow(
      'memoryStore.set expects a string value.',
    );
  });
});
