export { nodeDeviceInfo } from './deviceInfo/nodeDeviceInfo.ts';
export { FileStoreError } from './errors/FileStoreError.ts';
export { LockTimeoutError } from './errors/LockTimeoutError.ts';
export { RedisUnavailableError } from './errors/RedisUnavailableError.ts';
export { type FileCoordinatorOptions, fileCoordinator } from './file/fileCoordinator.ts';
export { type FileStoreOptions, fileStore } from './file/fileStore.ts';
export type {
  ClientPool,
  ClientPoolEventMap,
  ClientPoolOptions,
  DeviceDescriptor,
  DeviceRef,
} from './pool/ClientPoolOptions.ts';
export { createClientPool } from './pool/createClientPool.ts';
export type { RedisClientLike, RedisSource } from './redis/RedisClientLike.ts';
export type { RedisTimingOptions } from './redis/redisConnection.ts';
export { type RedisCoordinator, type RedisCoordinatorOptions, redisCoordinator } from './redis/redisCoordinator.ts';
export { type RedisStore, type RedisStoreOptions, redisStore } from './redis/redisStore.ts';
