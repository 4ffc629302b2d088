import { codeGuard, DcrError } from './DcrError.ts';

/**
 * The caller gave bad options or input (invalid `baseUrl`, malformed `deviceInfo`, empty client id, ...). Never
 * retryable: the same call fails the same way until the code changes. The message names the option and the reason.
 *
 * @example
 * ```ts
 * import { ConfigurationError, createDcrHttp } from '@dcrflow/protocol';
 * try {
 *   createDcrHttp({ baseUrl: 'not a url' });
 * } catch (error) {
 *   if (ConfigurationError.is(error)) console.error(error.message);
 * }
 * ```
 */
export class ConfigurationError extends DcrError {
  override name = 'ConfigurationError';
  override readonly code = 'configuration' as const;

  /**
   * True for a ConfigurationError from any realm.
   *
   * @example
   * ```ts
   * if (ConfigurationError.is(error)) showSetupHelp(error.message);
   * ```
   */
  static override is = /* @__PURE__ */ codeGuard<ConfigurationError>('configuration');
}
