/** One changed entry of a context. */
export interface ContextChange {
  /** Dotted path, e.g. `token.expiresAt`. */
  readonly path: string;
  readonly kind: 'added' | 'removed' | 'changed';
  readonly before: unknown;
  readonly after: unknown;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Deep equality of JSON values (contexts arrive as parsed JSON). */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * What changed between two contexts, key by key, descending into nested objects up to `depth` levels (a changed
 * deeper value is reported at that level). Keys in the order of the newer context, then removed ones. Pure.
 *
 * @example
 * ```ts
 * diffContext({ attempt: 0, token: { expiresAt: 1 } }, { attempt: 1, token: { expiresAt: 2 } });
 * // [{ path: 'attempt', kind: 'changed', before: 0, after: 1 },
 * //  { path: 'token.expiresAt', kind: 'changed', before: 1, after: 2 }]
 * ```
 */
export function diffContext(before: unknown, after: unknown, depth = 2, prefix = ''): ContextChange[] {
  if (!isPlainObject(before) || !isPlainObject(after) || depth === 0) {
    return same(before, after) ? [] : [{ path: prefix || '(context)', kind: 'changed', before, after }];
  }
  const changes: ContextChange[] = [];
  for (const [key, value] of Object.entries(after)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (!(key in before)) changes.push({ path, kind: 'added', before: undefined, after: value });
    else if (!same(before[key], value)) {
      if (isPlainObject(before[key]) && isPlainObject(value))
        changes.push(...diffContext(before[key], value, depth - 1, path));
      else changes.push({ path, kind: 'changed', before: before[key], after: value });
    }
  }
  for (const key of Object.keys(before)) {
    if (!(key in after))
      changes.push({
        path: prefix === '' ? key : `${prefix}.${key}`,
        kind: 'removed',
        before: before[key],
        after: undefined,
      });
  }
  return changes;
}
