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

  /**
   * The error for a bad option or argument. Callers pass the explanation as
   * `process.env.NODE_ENV !== 'production' && '…'`, which bundlers fold to `false` in a production build, dropping
   * the text; the error then names its code and the option instead (decision 0015). Same class and code either way.
   *
   * @example
   * ```ts
   * throw ConfigurationError.forOption('baseUrl', process.env.NODE_ENV !== 'production' && 'baseUrl is required.');
   * // production build: 'Invalid baseUrl (code "configuration"; a development build says why).'
   * ```
   */
  static forOption(option: string, explanation: string | false): ConfigurationError {
    return new ConfigurationError(
      explanation || `Invalid ${option} (code "configuration"; a development build says why).`,
    );
  }
}
