import type { OptionSpec, OptionValues } from './CommandSpec.ts';
import { integerOption } from './integerOption.ts';

/**
 * `--timeout <seconds>`: how long a command waits for a token before giving up (default 30, like the client's own
 * `waitTimeoutMs`).
 *
 * @example
 * ```ts
 * const options = { timeout: TIMEOUT_OPTION };
 * ```
 */
export const TIMEOUT_OPTION: OptionSpec = {
  type: 'string',
  valueName: 'seconds',
  description: 'Give up waiting for a token after this long (default 30).',
};

/**
 * Reads `--timeout` as milliseconds (1 to 3600 seconds).
 *
 * @example
 * ```ts
 * timeoutMsOf('token', { timeout: '5' }); // 5000
 * ```
 */
export function timeoutMsOf(command: string, values: OptionValues): number {
  return integerOption(command, 'timeout', values.timeout, { min: 1, max: 3600 }, 30) * 1000;
}
