import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ProcessResult, runProcess } from '../../../../scripts/testing/runProcess.ts';

/** The CLI entry run from source, exactly as `pnpm exec node --conditions=@dcrflow/source packages/cli/src/bin.ts`. */
export const BIN = fileURLToPath(new URL('../../src/bin.ts', import.meta.url));

export type CliRun = ProcessResult;

export interface RunOptions {
  /** Extra environment on top of a clean one (PATH, HOME, nothing of the parent's DCRFLOW_*). */
  env?: Record<string, string>;
  /** Written to stdin, which is then closed (stdin is always a pipe: never a TTY). */
  input?: string;
  timeoutMs?: number;
}

/**
 * Spawns `dcrflow <args>` from source with a clean environment whose HOME is `home`. Resolves with the exit code and
 * both streams; kills the process (and fails the test through a null code) after `timeoutMs`.
 */
export function runCli(home: string, args: readonly string[], options: RunOptions = {}): Promise<CliRun> {
  return runProcess(process.execPath, ['--conditions=@dcrflow/source', BIN, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: home, ...options.env },
    input: options.input ?? '',
    // Generous: a CLI start from source takes several seconds on a loaded machine; this only ends a hang.
    timeoutMs: options.timeoutMs ?? 60_000,
  });
}

/** A fresh temporary HOME; `cleanup()` removes it. */
export async function tempHome(): Promise<{ home: string; cleanup: () => Promise<void> }> {
  const home = await mkdtemp(join(tmpdir(), 'dcrflow-cli-'));
  return { home, cleanup: () => rm(home, { recursive: true, force: true }) };
}
