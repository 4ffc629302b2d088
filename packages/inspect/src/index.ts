export {
  createInspectorBridge,
  type InspectorBridge,
  type InspectorBridgeOptions,
} from './bridge/createInspectorBridge.ts';
export { InspectOptionsError } from './errors/InspectOptionsError.ts';
export { InspectWireError, type InspectWireErrorOptions } from './errors/InspectWireError.ts';
export { createRedactor, type RedactOptions, type Redactor } from './redaction/createRedactor.ts';
export { DEFAULT_SECRET_KEYS } from './redaction/DEFAULT_SECRET_KEYS.ts';
export { HARMLESS_METADATA_KEYS } from './redaction/HARMLESS_METADATA_KEYS.ts';
export type { InspectTransport } from './transports/InspectTransport.ts';
export {
  IN_PAGE_CHANNEL,
  type InPageMessage,
  type InPageTransportOptions,
  inPageTransport,
  type PostMessageTarget,
} from './transports/inPageTransport.ts';
export { type MemoryTransport, type MemoryTransportOptions, memoryTransport } from './transports/memoryTransport.ts';
export {
  type WebSocketConstructorLike,
  type WebSocketLike,
  type WebSocketTransport,
  type WebSocketTransportOptions,
  webSocketTransport,
} from './transports/webSocketTransport.ts';
export { parseJsonl } from './wire/parseJsonl.ts';
export { parseWireEvent } from './wire/parseWireEvent.ts';
export { toJsonl } from './wire/toJsonl.ts';
export { WIRE_VERSION, type WireEvent, type WireEventKind } from './wire/types.ts';
