import type { ExitCode } from './exitCodes.ts';

/**
 * Options of {@link CliError}.
 *
 * @example
 * ```ts
 * const options: CliErrorOptions = { code: 'configuration', exitCode: 5, hint: 'Pass --base-url.' };
 * ```
 */
export interface CliErrorOptions {
  /** Short machine-readable code shown in brackets: `dcrflow: error [<code>]: …`. */
  readonly code: string;
  readonly exitCode: ExitCode;
  /** One sentence telling the user what to do next, printed on its own `hint:` line. */
  readonly hint?: string | undefined;
  readonly cause?: unknown;
}

/**
 * An error the CLI raises itself, carrying what the error line shows and the exit code. Messages are sentences and
 * never contain a secret.
 *
 * @example
 * ```ts
 * throw new CliError('No software statement was given.', { code: 'configuration', exitCode: EXIT_CODES.configuration });
 * ```
 */
export class CliError extends Error {
  override name = 'CliError';
  readonly code: string;
  readonly exitCode: ExitCode;
  readonly hint: string | undefined;

  constructor(message: string, options: CliErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    this.exitCode = options.exitCode;
    this.hint = options.hint;
  }

  /**
   * True for a CliError (also from another copy of the package).
   *
   * @example
   * ```ts
   * if (CliError.is(error)) process.exitCode = error.exitCode;
   * ```
   */
  static is(value: unknown): value is CliError {
    if (value instanceof CliError) return true;
    if (!(value instanceof Error)) return false;
    const candidate = value as { code?: unknown; exitCode?: unknown };
    return (
      (value.name === 'CliError' || value.name === 'UsageError') &&
      typeof candidate.code === 'string' &&
      typeof candidate.exitCode === 'number'
    );
  }
}
