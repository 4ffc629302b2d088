export { type RunningSimulator, type StartSimulatorOptions, startSimulator } from './startSimulator.ts';
