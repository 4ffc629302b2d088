import { homedir } from 'node:os';
import type { CliIo, TextSink } from './CliIo.ts';

/**
 * {@link CliIo} with every default filled in.
 *
 * @example
 * ```ts
 * const io: ResolvedIo = resolveIo({ stdout: process.stdout, stderr: process.stderr });
 * ```
 */
export interface ResolvedIo {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  readonly stdin: NodeJS.ReadableStream | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly isTTY: { readonly stdin: boolean; readonly stdout: boolean; readonly stderr: boolean };
  readonly cwd: string;
  readonly homedir: string;
  readonly platform: NodeJS.Platform;
  readonly signal: AbortSignal | undefined;
  readonly now: () => number;
  /** `DCRFLOW_DEBUG=1`: print one line per DCR request, and stack traces after error lines. */
  readonly debug: boolean;
}

/**
 * Fills the defaults of a {@link CliIo}: no TTY, empty environment, the process's directory and platform.
 *
 * @example
 * ```ts
 * const io = resolveIo({ stdout: process.stdout, stderr: process.stderr, env: process.env });
 * io.isTTY.stderr; // false unless given
 * ```
 */
export function resolveIo(io: CliIo): ResolvedIo {
  const env = io.env ?? {};
  return {
    stdout: io.stdout,
    stderr: io.stderr,
    stdin: io.stdin,
    env,
    isTTY: { stdin: io.isTTY?.stdin === true, stdout: io.isTTY?.stdout === true, stderr: io.isTTY?.stderr === true },
    cwd: io.cwd ?? process.cwd(),
    // HOME first, so a test (or a user) can point the CLI at another home without touching the OS account.
    homedir: io.homedir ?? (env.HOME !== undefined && env.HOME !== '' ? env.HOME : homedir()),
    platform: io.platform ?? process.platform,
    signal: io.signal,
    now: io.now ?? Date.now,
    debug: env.DCRFLOW_DEBUG === '1' || env.DCRFLOW_DEBUG === 'true',
  };
}
