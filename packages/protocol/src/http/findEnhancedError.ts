import type { EnhancedError } from '../schemas/enhancedErrorSchema.ts';

// Bounded scan: a hostile body must not make us walk megabytes of items.
const MAX_PROPERTIES = 50;
const MAX_ITEMS = 100;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const TEXT_FIELDS = ['action', 'message', 'details', 'helpUrl', 'trace'] as const;

/**
 * enhancedErrorSchema's rule, hand-written for the bundle (decision 0015): a non-empty `code`; the side fields are
 * kept when they have their type and read as absent otherwise; unknown fields pass through.
 */
function asEnhancedError(value: unknown): EnhancedError | undefined {
  if (!isRecord(value) || typeof value.code !== 'string' || value.code === '') return undefined;
  const result: Record<string, unknown> = { ...value };
  for (const key of TEXT_FIELDS) if (key in value && typeof value[key] !== 'string') result[key] = undefined;
  if ('status' in value && !(typeof value.status === 'number' && Number.isFinite(value.status)))
    result.status = undefined;
  return result as EnhancedError;
}

function scanItems(items: readonly unknown[]): EnhancedError | undefined {
  for (const item of items.slice(0, MAX_ITEMS)) {
    const found = asEnhancedError(item) ?? (isRecord(item) ? asEnhancedError(item.error) : undefined);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Finds an enhanced error in a parsed JSON body, in the forms Adobe documents: the error fields at the top level,
 * an `error` object at the top level, or an `error` object on an item of a top-level array (item-level errors, e.g.
 * `decisions[n].error`). The first one found wins. Source: Adobe Pass "Enhanced Error Codes" page, "Representation".
 */
export function findEnhancedError(body: unknown): EnhancedError | undefined {
  if (Array.isArray(body)) return scanItems(body);
  if (!isRecord(body)) return undefined;
  const direct = asEnhancedError(body) ?? asEnhancedError(body.error);
  if (direct !== undefined) return direct;
  for (const value of Object.values(body).slice(0, MAX_PROPERTIES)) {
    if (Array.isArray(value)) {
      const found = scanItems(value);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
