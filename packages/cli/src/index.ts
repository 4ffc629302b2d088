export type { CliIo, TextSink } from './CliIo.ts';
export { main, runProcess } from './cli.ts';
export { EXIT_CODES, type ExitCode } from './errors/exitCodes.ts';
export type { StatusReport } from './store/buildStatusReport.ts';
