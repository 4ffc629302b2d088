export { createSimulator } from './createSimulator.ts';
export { SimulatedConnectionReset } from './errors/SimulatedConnectionReset.ts';
export type { FaultEndpoint, FaultKind, FaultSpec } from './types/FaultSpec.ts';
export type { RequestLogEntry, SimulatorEndpoint } from './types/RequestLogEntry.ts';
export type { Simulator, SimulatorEnv } from './types/Simulator.ts';
export type { SimulatorKeys, SimulatorOptions, ThrottleOptions } from './types/SimulatorOptions.ts';
export type { SimulatorStats } from './types/SimulatorStats.ts';
