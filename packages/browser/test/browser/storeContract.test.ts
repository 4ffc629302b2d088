// Every store this package ships runs core's CredentialStore contract in real Chromium — plain and encrypted.
import type { CredentialStore } from '@dcrflow/core';
import { describeCredentialStoreContract } from '@dcrflow/core/testing';
import { encrypted, indexedDbStore, webStore } from '../../src/index.ts';
import { deleteDatabase, generateKey, uniqueName } from './support/fresh.ts';

const usedKeys: string[] = [];
const usedDatabases: string[] = [];

function localStore(): CredentialStore {
  const key = uniqueName('contract-local');
  usedKeys.push(key);
  return webStore({ storage: localStorage, key });
}

function sessionStore(): CredentialStore {
  const key = uniqueName('contract-session');
  usedKeys.push(key);
  return webStore({ storage: sessionStorage, key });
}

function idbStore(): CredentialStore {
  const name = uniqueName('contract-idb');
  usedDatabases.push(name);
  return indexedDbStore({ name });
}

const cleanup = async () => {
  for (const key of usedKeys.splice(0)) {
    localStorage.removeItem(key);
    sessionStorage.removeItem(key);
  }
  for (const name of usedDatabases.splice(0)) await deleteDatabase(name);
};

describeCredentialStoreContract('webStore(localStorage)', localStore, { cleanup });
describeCredentialStoreContract('webStore(sessionStorage)', sessionStore, { cleanup });
describeCredentialStoreContract('indexedDbStore', idbStore, { cleanup });

const key = generateKey();
describeCredentialStoreContract(
  'encrypted(webStore(localStorage), { key })',
  async () => encrypted(localStore(), { key: await key }),
  {
    cleanup,
  },
);
describeCredentialStoreContract(
  'encrypted(webStore(sessionStorage), { key: () => … })',
  () => encrypted(sessionStore(), { key: () => key }),
  {
    cleanup,
  },
);
describeCredentialStoreContract('encrypted(indexedDbStore) with the default key', () => encrypted(idbStore()), {
  cleanup,
});
