/**
 * Stable machine-readable category of every error dcrflow throws. They never change meaning between releases. The
 * codes the lifecycle machine records (`ErrorCode` in `@dcrflow/core`) are these plus the ones nothing throws:
 * `credentials_lost`, `store`, `store_corrupt`, `unexpected`.
 *
 * @example
 * ```ts
 * import type { DcrErrorCode } from '@dcrflow/protocol';
 * const fatal: readonly DcrErrorCode[] = ['configuration', 'revoked'];
 * ```
 */
export type DcrErrorCode =
  | 'transport'
  | 'throttled'
  | 'protocol'
  | 'server'
  | 'contract'
  | 'configuration'
  | 'revoked'
  | 'stopped';

/** Every known code; `DcrError.is` checks membership so a look-alike from another library is not mistaken for ours. */
const DCR_ERROR_CODES: ReadonlySet<string> = new Set<DcrErrorCode>([
  'transport',
  'throttled',
  'protocol',
  'server',
  'contract',
  'configuration',
  'revoked',
  'stopped',
]);

/** Options accepted by every dcrflow error constructor. */
export interface DcrErrorOptions {
  /** Evidence for debugging. Callers must pass an already sanitised value: it is kept as the standard `cause`. */
  cause?: unknown;
  /** Only for a bare `DcrError`; subclasses fix their own code. */
  code?: DcrErrorCode;
}

/** Shape returned by `toJSON()`: safe to log, store or send to an inspector. */
export interface DcrErrorJSON {
  name: string;
  code: DcrErrorCode;
  message: string;
  [detail: string]: unknown;
}

/**
 * Base class of every dcrflow error. Messages are sentences and never contain secrets (client secrets, access tokens,
 * software statements, Authorization headers); neither does `toJSON()` nor the `cause` chain.
 *
 * A bare `DcrError` has code `'configuration'` unless `options.code` says otherwise; prefer a subclass.
 *
 * @example
 * ```ts
 * import { DcrError } from '@dcrflow/protocol';
 * try {
 *   await http.requestToken(credentials);
 * } catch (error) {
 *   if (DcrError.is(error)) console.warn(error.code, error.message);
 * }
 * ```
 */
export class DcrError extends Error {
  override name = 'DcrError';
  readonly code: DcrErrorCode;
  /** The subclass's fields, in the order `toJSON()` lists them. */
  readonly #details: Readonly<Record<string, unknown>> | undefined;

  /**
   * @param details - a subclass's own fields (`status`, `endpoint`, …): set on the error and listed by `toJSON()`
   *   in this order. Subclasses declare them (`declare readonly status: number`) instead of assigning each one.
   */
  constructor(message: string, options?: DcrErrorOptions, details?: Readonly<Record<string, unknown>>) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = options?.code ?? 'configuration';
    if (details !== undefined) Object.assign(this, details);
    this.#details = details;
  }

  /**
   * True for any dcrflow error, also one created in another realm (iframe, worker, duplicated package copy) where
   * `instanceof` fails: it checks for an Error whose `name` ends in `Error` and whose `code` is one of ours.
   *
   * @example
   * ```ts
   * if (DcrError.is(error) && error.code === 'throttled') await sleep(1000);
   * ```
   */
  static is(value: unknown): value is DcrError {
    if (value instanceof DcrError) return true;
    if (typeof value !== 'object' || value === null) return false;
    // `[object Error]` holds for Error subclasses from any realm, unlike `instanceof Error`.
    if (Object.prototype.toString.call(value) !== '[object Error]') return false;
    const candidate = value as { name?: unknown; code?: unknown };
    return (
      typeof candidate.name === 'string' &&
      candidate.name.endsWith('Error') &&
      typeof candidate.code === 'string' &&
      DCR_ERROR_CODES.has(candidate.code)
    );
  }

  /**
   * A plain, secret-free object for logs and inspection events.
   *
   * @example
   * ```ts
   * console.log(JSON.stringify(error)); // {"name":"ThrottledError","code":"throttled",...}
   * ```
   */
  toJSON(): DcrErrorJSON {
    const json: DcrErrorJSON = { name: this.name, code: this.code, message: this.message };
    for (const [key, value] of Object.entries(this.details())) {
      if (value !== undefined) json[key] = value;
    }
    return json;
  }

  /** The extra fields `toJSON()` carries: the constructor's `details` (subclasses may add more). */
  protected details(): Record<string, unknown> {
    return { ...this.#details };
  }
}

/**
 * The static `is` of a {@link DcrError} subclass: true for a dcrflow error with this `code`, also across realms.
 * A function property rather than a method, so `Subclass.is` works unbound (`array.filter(RevokedError.is)`,
 * `expect(…).toSatisfy(RevokedError.is)`); marked pure, so an unused subclass still tree-shakes away.
 *
 * @example
 * ```ts
 * class QuotaError extends DcrError {
 *   static override is = codeGuard<QuotaError>('throttled');
 * }
 * ```
 */
export function codeGuard<T extends DcrError>(code: T['code']): (value: unknown) => value is T {
  return (value: unknown): value is T => DcrError.is(value) && value.code === code;
}
