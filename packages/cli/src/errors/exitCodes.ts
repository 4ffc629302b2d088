/**
 * The process exit codes of `dcrflow`, stable across releases so scripts can branch on them (docs/cli.md lists them).
 *
 * - `ok` 0: done.
 * - `failure` 1: anything else — an unexpected error, a local file problem, a declined confirmation.
 * - `usage` 2: the command line is wrong (unknown command or flag, missing or bad flag value).
 * - `revoked` 3: the software statement is revoked or invalid: no token can be obtained until a new one is used.
 * - `unavailable` 4: no usable answer now (network failure, timeout, throttling, server error): retrying later may work.
 * - `configuration` 5: the configuration or the server's answer needs a human (missing statement, bad base URL,
 *   an OAuth error such as `invalid_request`, a response that does not fit the protocol).
 * - `interrupted` 130: stopped by Ctrl-C (128 + SIGINT), the shell convention.
 *
 * @example
 * ```ts
 * import { EXIT_CODES } from 'dcrflow';
 * if (exitCode === EXIT_CODES.revoked) console.error('ship a new software statement');
 * ```
 */
export const EXIT_CODES = {
  ok: 0,
  failure: 1,
  usage: 2,
  revoked: 3,
  unavailable: 4,
  configuration: 5,
  interrupted: 130,
} as const;

/**
 * One of the values of {@link EXIT_CODES}.
 *
 * @example
 * ```ts
 * const code: ExitCode = EXIT_CODES.usage;
 * ```
 */
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];
