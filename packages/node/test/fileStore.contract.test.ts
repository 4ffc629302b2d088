import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeCredentialStoreContract } from '@dcrflow/core/testing';
import { fileStore } from '../src/index.ts';

let counter = 0;
const directories = new Map<object, string>();

describeCredentialStoreContract(
  'fileStore',
  () => {
    // A directory that does not exist yet: the store must create it.
    const directory = join(tmpdir(), `dcrflow-contract-${process.pid}-${Date.now()}-${counter++}`);
    const store = fileStore({ path: join(directory, 'nested', 'credentials.json') });
    directories.set(store, directory);
    return store;
  },
  {
    concurrentWriters: 16,
    cleanup: async (store) => {
      const directory = directories.get(store);
      if (directory !== undefined) await rm(directory, { recursive: true, force: true });
    },
  },
);
