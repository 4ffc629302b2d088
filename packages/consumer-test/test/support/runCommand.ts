import { runProcess } from '../../../../scripts/testing/runProcess.ts';

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CommandOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Kill the process after this long (the result then has code null and the test fails on it). */
  timeoutMs?: number;
}

/** Runs a command to completion, collecting both streams; never rejects on a non-zero exit (the test asserts it). */
export function runCommand(command: string, args: readonly string[], options: CommandOptions): Promise<CommandResult> {
  return runProcess(command, args, { ...options, timeoutMs: options.timeoutMs ?? 120_000 });
}

/** A `CommandResult` as a readable failure message: the command's exit code and the tail of its output. */
export function describeRun(what: string, run: CommandResult): string {
  return `${what} exited ${run.code}\n--- stdout ---\n${run.stdout.slice(-4000)}\n--- stderr ---\n${run.stderr.slice(-4000)}`;
}
