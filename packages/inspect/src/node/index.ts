export { type FileRecorder, type FileRecorderOptions, fileRecorder } from './fileRecorder.ts';
export {
  type InspectorRelay,
  type InspectorRelayOptions,
  type InspectorRelayStats,
  startInspectorRelay,
} from './startInspectorRelay.ts';
