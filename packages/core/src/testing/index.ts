export {
  type CredentialStoreContractOptions,
  describeCredentialStoreContract,
} from './describeCredentialStoreContract.ts';
export { ManualClock } from './ManualClock.ts';
