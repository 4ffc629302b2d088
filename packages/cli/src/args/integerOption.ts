import { UsageError } from '../errors/UsageError.ts';
import { describeWord } from './describeWord.ts';

/**
 * Reads an integer flag value within bounds, or `fallback` when the flag is absent; anything else is a
 * {@link UsageError} naming the flag.
 *
 * @example
 * ```ts
 * integerOption('simulate', 'port', '8080', { min: 0, max: 65_535 }, 0); // 8080
 * integerOption('simulate', 'port', 'http', { min: 0, max: 65_535 }, 0); // throws: Option '--port' must be …
 * ```
 */
export function integerOption(
  command: string,
  name: string,
  value: string | boolean | undefined,
  bounds: { readonly min: number; readonly max: number },
  fallback: number,
): number {
  if (value === undefined) return fallback;
  const parsed = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(parsed) || parsed < bounds.min || parsed > bounds.max) {
    throw new UsageError(
      `Option '--${name}' must be a whole number from ${bounds.min} to ${bounds.max}, got ${describeWord(String(value))}.`,
      { command },
    );
  }
  return parsed;
}
