/**
 * Where text goes: `process.stdout`, `process.stderr`, or a test's collector.
 *
 * @example
 * ```ts
 * const chunks: string[] = [];
 * const sink: TextSink = { write: (text) => chunks.push(text) };
 * ```
 */
export interface TextSink {
  write(text: string): unknown;
}

/**
 * Everything the CLI touches in its environment, so `main()` runs in-process in tests without spawning. Only `stdout`
 * and `stderr` are required; the rest defaults to a non-interactive, empty environment.
 *
 * @example
 * ```ts
 * import { main } from 'dcrflow';
 * const out: string[] = [];
 * const code = await main(['--version'], { stdout: { write: (t) => out.push(t) }, stderr: { write: () => {} } });
 * ```
 */
export interface CliIo {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  /** Read by `reset`'s confirmation and by `--software-statement-file -`. */
  readonly stdin?: NodeJS.ReadableStream | undefined;
  /** Environment variables (`DCRFLOW_*`, `XDG_CONFIG_HOME`, `HOME`, …). Default: none. */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
  /** Which streams are terminals: spinners need `stderr`, confirmations need `stdin`. Default: none. */
  readonly isTTY?: { readonly stdin?: boolean; readonly stdout?: boolean; readonly stderr?: boolean } | undefined;
  /** Base for relative paths. Default: `process.cwd()`. */
  readonly cwd?: string | undefined;
  /** The user's home directory. Default: `env.HOME`, then `os.homedir()`. */
  readonly homedir?: string | undefined;
  /** Default: `process.platform`. */
  readonly platform?: NodeJS.Platform | undefined;
  /** Aborted on Ctrl-C: long-running commands (`simulate`, a pending `token`) stop cleanly. */
  readonly signal?: AbortSignal | undefined;
  /** Epoch milliseconds; default `Date.now`. */
  readonly now?: (() => number) | undefined;
}
