/**
 * A state value as one short line: `tokenValid`, `registering.requesting`, `{a: x, b: y.z}` for parallel states.
 *
 * @example
 * ```ts
 * formatStateValue({ registering: 'requesting' }); // 'registering.requesting'
 * ```
 */
export function formatStateValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value !== 'object') return String(value);
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 1) {
    const [key, child] = entries[0]!;
    const rest = formatStateValue(child);
    return rest === '' ? key : `${key}.${rest}`;
  }
  return `{${entries.map(([key, child]) => `${key}: ${formatStateValue(child)}`).join(', ')}}`;
}
