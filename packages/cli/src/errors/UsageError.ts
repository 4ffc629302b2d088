import { CliError } from './CliError.ts';
import { EXIT_CODES } from './exitCodes.ts';

/**
 * The command line itself is wrong: unknown command or flag, a missing or malformed flag value. Exit code 2; the hint
 * points at the help of the command concerned.
 *
 * @example
 * ```ts
 * throw new UsageError("Unknown option '--frobnicate' for 'dcrflow token'.", { command: 'token' });
 * ```
 */
export class UsageError extends CliError {
  override name = 'UsageError';

  constructor(message: string, options: { command?: string | undefined; hint?: string | undefined } = {}) {
    const help = options.command === undefined ? 'dcrflow --help' : `dcrflow ${options.command} --help`;
    super(message, { code: 'usage', exitCode: EXIT_CODES.usage, hint: options.hint ?? `Run '${help}' for usage.` });
  }
}
