export {
  ConfigurationError,
  ContractError,
  DcrError,
  type DcrErrorCode,
  ProtocolError,
  ServerError,
  ThrottledError,
  TransportError,
} from '@dcrflow/protocol';
export { createDcrClient } from './client/createDcrClient.ts';
export {
  createHibernation,
  type Hibernation,
  type HibernationOptions,
  type Sleeper,
  type SleepTicket,
} from './client/createHibernation.ts';
export { EventHub } from './client/EventHub.ts';
export type { AccessToken, DcrClient, DcrClientEventMap, DcrClientOptions } from './client/types.ts';
export { systemClock } from './clock/systemClock.ts';
export { type InProcessCoordinator, inProcessCoordinator } from './coordinator/inProcessCoordinator.ts';
export { type KeyedMutex, keyedMutex } from './coordinator/keyedMutex.ts';
export { RevokedError } from './errors/RevokedError.ts';
export { StoppedError } from './errors/StoppedError.ts';
export {
  type DcrLifecycleActor,
  type DcrLifecycleSnapshot,
  type DcrReadonlyActor,
  dcrLifecycleMachine,
} from './machine/dcrLifecycleMachine.ts';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './machine/retryDelay.ts';
// The CLI's `status` shows the refresh time a client would use for a stored token.
export { tokenSchedule } from './machine/tokenSchedule.ts';
export type {
  CredentialsMeta,
  DcrContext,
  DcrEmitted,
  DcrEvent,
  DcrMachineInput,
  DcrState,
  DcrTag,
  ErrorCode,
  ErrorInfo,
  FailureKind,
  TokenMeta,
} from './machine/types.ts';
export type { Clock } from './ports/Clock.ts';
export type { Coordinator, CoordinatorMessage } from './ports/Coordinator.ts';
export type { CredentialStore, StoredEntry, StoreSetOptions, StoreSetResult } from './ports/CredentialStore.ts';
export type { PlatformSignal, PlatformSignals } from './ports/PlatformSignals.ts';
export { memoryStore } from './store/memoryStore.ts';
export {
  type DecodedEntry,
  decodeStoredEntry,
  encodeStoredRecord,
  STORED_RECORD_FORMAT,
  type StoredCredentials,
  type StoredRecord,
  type StoredToken,
} from './store/storedRecord.ts';
