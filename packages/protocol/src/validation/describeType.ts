/**
 * The JSON type of a value, never the value itself: an issue must not echo a secret (nor a payload that escaped
 * redaction upstream) into an error message.
 *
 * @example
 * ```ts
 * describeType([]); // 'an array'
 * describeType(Number.NaN); // 'a non-finite number'
 * ```
 */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return Number.isFinite(value) ? 'a number' : 'a non-finite number';
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'an object';
    case 'undefined':
      return 'nothing';
    default:
      return typeof value;
  }
}
