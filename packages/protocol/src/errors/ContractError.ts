import { codeGuard, DcrError } from './DcrError.ts';

/**
 * The exchange worked but the data did not fit: a 2xx body that is not JSON or misses a field we rely on, a JSON
 * error body of unknown shape, or a malformed X-Device-Info value. `issues` lists each problem as
 * `path: what was expected` and never quotes values.
 *
 * `status` is the HTTP status, or 0 when the data did not come from a response (`decodeDeviceInfo`).
 *
 * @example
 * ```ts
 * import { ContractError } from '@dcrflow/protocol';
 * if (ContractError.is(error)) console.error(error.issues.join('\n'));
 * ```
 */
export class ContractError extends DcrError {
  override name = 'ContractError';
  override readonly code = 'contract' as const;
  declare readonly status: number;
  declare readonly issues: readonly string[];
  declare readonly endpoint: string;

  constructor(
    message: string,
    details: { status: number; issues: readonly string[]; endpoint: string },
    options?: { cause?: unknown },
  ) {
    super(message, options, {
      status: details.status,
      issues: Object.freeze([...details.issues]),
      endpoint: details.endpoint,
    });
  }

  /**
   * True for a ContractError from any realm.
   *
   * @example
   * ```ts
   * if (ContractError.is(error)) reportServerBug(error.toJSON());
   * ```
   */
  static override is = /* @__PURE__ */ codeGuard<ContractError>('contract');
}
