export {
  type CredentialStoreContractOptions,
  describeCredentialStoreContract,
} from './describeCredentialStoreContract.ts';
