// `@dcrflow/node/file`: everything but Redis — the file-backed store and coordinator and the device info — for
// short-lived processes such as the CLI, which would otherwise pay ~0.4 s to load the `redis` client on every run.

export { nodeDeviceInfo } from '../deviceInfo/nodeDeviceInfo.ts';
export { FileStoreError } from '../errors/FileStoreError.ts';
export { type FileCoordinatorOptions, fileCoordinator } from './fileCoordinator.ts';
export { type FileStoreOptions, fileStore } from './fileStore.ts';
