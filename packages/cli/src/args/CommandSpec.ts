import type { ExitCode } from '../errors/exitCodes.ts';
import type { ResolvedIo } from '../resolveIo.ts';

/**
 * One command-line option as `node:util` `parseArgs` reads it, plus what its help line says.
 *
 * @example
 * ```ts
 * const port: OptionSpec = { type: 'string', valueName: 'n', description: 'TCP port (default 0: any free port).' };
 * ```
 */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** Placeholder shown in help: `--port <n>`. */
  readonly valueName?: string;
  readonly description: string;
  /** The environment variable that sets the same thing, shown in help. */
  readonly env?: string;
}

/**
 * Parsed option values of one command line (`--no-throttle` is the key `no-throttle`).
 *
 * @example
 * ```ts
 * const values: OptionValues = { json: true, 'base-url': 'http://127.0.0.1:4010' };
 * ```
 */
export type OptionValues = Readonly<Record<string, string | boolean | undefined>>;

/**
 * What a command's `run` receives.
 *
 * @example
 * ```ts
 * async function run({ io, values }: CommandContext) {
 *   io.stdout.write(values.json ? '{}\n' : 'ok\n');
 *   return 0;
 * }
 * ```
 */
export interface CommandContext {
  readonly io: ResolvedIo;
  readonly values: OptionValues;
  readonly json: boolean;
  readonly version: string;
  /**
   * Filled in by the command as it learns them (the base URL, the software statement), so an error line can name
   * the server and never echo the statement.
   */
  readonly errorContext: { baseUrl?: string | undefined; secrets: string[] };
}

/**
 * A `dcrflow` command: its options, its help, and what it does. One per file under `src/commands/`.
 *
 * @example
 * ```ts
 * const hello: CommandSpec = {
 *   name: 'hello', summary: 'Say hello.', description: 'Says hello.', options: {}, examples: ['dcrflow hello'],
 *   run: async ({ io }) => (io.stdout.write('hello\n'), 0),
 * };
 * ```
 */
export interface CommandSpec {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Paragraphs for `dcrflow <name> --help`. */
  readonly description: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  readonly examples: readonly string[];
  run(context: CommandContext): Promise<ExitCode>;
}
