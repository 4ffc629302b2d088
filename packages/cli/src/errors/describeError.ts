import { CliError } from './CliError.ts';
import { EXIT_CODES, type ExitCode } from './exitCodes.ts';

/**
 * What the CLI prints for a failure: `dcrflow: error [<code>]: <message>`, an optional `hint:` line, and the exit
 * code.
 *
 * @example
 * ```ts
 * const report: ErrorReport = { code: 'transport', message: 'Token request failed.', hint: undefined, exitCode: 4 };
 * ```
 */
export interface ErrorReport {
  readonly code: string;
  readonly message: string;
  readonly hint: string | undefined;
  readonly exitCode: ExitCode;
}

/**
 * Facts that make hints concrete, and the secrets that must never be echoed.
 *
 * @example
 * ```ts
 * const context: ErrorContext = { baseUrl: 'http://127.0.0.1:4010', secrets: [statement] };
 * ```
 */
export interface ErrorContext {
  readonly baseUrl?: string | undefined;
  /** Strings replaced by a fingerprint wherever they would appear in a message. */
  readonly secrets?: readonly string[] | undefined;
  /**
   * The fingerprint function, normally @dcrflow/protocol's `redact` (loaded by the caller only when a secret is
   * actually present, to keep start-up light). Default: a constant `‹redacted›`.
   */
  readonly fingerprint?: ((secret: string) => string) | undefined;
}

/**
 * Exit code per error code. The codes are @dcrflow/protocol's `DcrErrorCode`s, core's `ErrorInfo` codes and the
 * CLI's own; an unknown code is a generic failure.
 */
const EXIT_BY_CODE: Readonly<Record<string, ExitCode>> = {
  usage: EXIT_CODES.usage,
  revoked: EXIT_CODES.revoked,
  transport: EXIT_CODES.unavailable,
  throttled: EXIT_CODES.unavailable,
  server: EXIT_CODES.unavailable,
  timeout: EXIT_CODES.unavailable,
  protocol: EXIT_CODES.configuration,
  contract: EXIT_CODES.configuration,
  configuration: EXIT_CODES.configuration,
  interrupted: EXIT_CODES.interrupted,
};

/**
 * The exit code for an error code (`'revoked'` → 3, `'transport'` → 4, …).
 *
 * @example
 * ```ts
 * exitCodeFor('throttled'); // 4
 * ```
 */
export function exitCodeFor(code: string): ExitCode {
  return EXIT_BY_CODE[code] ?? EXIT_CODES.failure;
}

function hintFor(code: string, context: ErrorContext): string | undefined {
  switch (code) {
    case 'revoked':
      return 'Get a new software statement (TVE Dashboard; for the simulator, dcrflow simulate) and pass it with --software-statement.';
    case 'transport':
    case 'timeout':
      return context.baseUrl === undefined
        ? 'Check that the DCR server is reachable (--base-url / DCRFLOW_BASE_URL).'
        : `Check that ${context.baseUrl} is the right DCR server and is reachable (--base-url / DCRFLOW_BASE_URL).`;
    case 'throttled':
      return 'The server allows about one request per second per device: wait a little and try again.';
    case 'server':
      return 'The DCR server had a problem: try again later.';
    case 'contract':
      return 'Check that --base-url points at an Adobe Pass DCR server.';
    case 'store':
    case 'store_corrupt':
      return 'Check the credentials file and its permissions (--store / DCRFLOW_STORE).';
    case 'unexpected':
      return 'Set DCRFLOW_DEBUG=1 to see the stack trace.';
    default:
      return undefined;
  }
}

/** Replaces every secret with its fingerprint; a message is one line, so line breaks are folded. */
function scrub(message: string, context: ErrorContext): string {
  let result = message;
  for (const secret of context.secrets ?? []) {
    if (secret.length >= 8) result = result.split(secret).join(context.fingerprint?.(secret) ?? '‹redacted›');
  }
  return result.replace(/\s*\n\s*/g, ' ').trim();
}

function asSentence(message: string): string {
  if (message.length === 0) return 'Something went wrong.';
  const capitalised = message[0]!.toUpperCase() + message.slice(1);
  return /[.!?…]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

function codeAndMessage(error: unknown): { code: string; message: string; hint?: string | undefined; exit?: ExitCode } {
  if (CliError.is(error)) return { code: error.code, message: error.message, hint: error.hint, exit: error.exitCode };
  // @dcrflow/node's FileStoreError (disk full, I/O error, lock busy) carries no code of its own.
  if (error instanceof Error && error.name === 'FileStoreError') return { code: 'store', message: error.message };
  if (typeof error === 'object' && error !== null) {
    // DcrError subclasses and core's serialisable `{ code, message }` error records look alike here.
    const { code, message } = error as { code?: unknown; message?: unknown };
    const text = typeof message === 'string' ? message : String(error);
    if (typeof code === 'string' && /^[a-z_]+$/.test(code)) return { code, message: text };
    if (error instanceof Error) return { code: 'unexpected', message: `${error.name}: ${error.message}` };
    return { code: 'unexpected', message: text };
  }
  return { code: 'unexpected', message: String(error) };
}

/**
 * Turns any thrown value into the line the user sees, with secrets replaced by fingerprints.
 *
 * @example
 * ```ts
 * import { redact, TransportError } from '@dcrflow/protocol';
 * const report = describeError(new TransportError('Register request failed: connection refused.', { reason: 'network', endpoint: 'register' }), { fingerprint: redact });
 * report.exitCode; // 4
 * ```
 */
export function describeError(error: unknown, context: ErrorContext = {}): ErrorReport {
  const { code, message, hint, exit } = codeAndMessage(error);
  const chosenHint = hint ?? hintFor(code, context);
  return {
    code,
    message: asSentence(scrub(message, context)),
    hint: chosenHint === undefined ? undefined : scrub(chosenHint, context),
    exitCode: exit ?? exitCodeFor(code),
  };
}
