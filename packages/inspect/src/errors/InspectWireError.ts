/** Options of {@link InspectWireError}. */
export interface InspectWireErrorOptions {
  /** 1-based line of the JSONL recording the problem is on. */
  line?: number;
  cause?: unknown;
}

/**
 * A wire event, a socket frame or a JSONL recording did not fit the wire format (see docs/inspector.md). The message
 * is a sentence naming the first problems by field path and JSON type, never by value, so a malformed event cannot
 * leak a payload into a log. Parsing functions of this package throw nothing else.
 *
 * @example
 * ```ts
 * import { InspectWireError, parseJsonl } from '@dcrflow/inspect';
 * try {
 *   parseJsonl(text);
 * } catch (error) {
 *   if (InspectWireError.is(error)) console.warn(`line ${error.line}: ${error.message}`);
 * }
 * ```
 */
export class InspectWireError extends Error {
  override name = 'InspectWireError';
  /** 1-based recording line, when the error comes from {@link parseJsonl} or {@link toJsonl}. */
  readonly line: number | undefined;

  constructor(message: string, options?: InspectWireErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.line = options?.line;
  }

  /**
   * True for an `InspectWireError`, also one from another realm or another copy of this package, where `instanceof`
   * fails: it checks the `[object Error]` tag and the name.
   *
   * @example
   * ```ts
   * if (InspectWireError.is(error)) showBanner(error.message);
   * ```
   */
  static is(value: unknown): value is InspectWireError {
    if (value instanceof InspectWireError) return true;
    return (
      Object.prototype.toString.call(value) === '[object Error]' &&
      (value as { name?: unknown }).name === 'InspectWireError'
    );
  }
}
