import type * as z from 'zod/mini';

type Issue = z.core.$ZodIssue;

const ARTICLES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'a boolean',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

/** Where a value sits, as `client_id`, `redirect_uris[2]` or `(root)`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let result = '';
  for (const key of path) {
    if (typeof key === 'number') result += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$-]*$/.test(key)) result += result === '' ? key : `.${key}`;
    else result += `[${JSON.stringify(String(key))}]`;
  }
  return result === '' ? '(root)' : result;
}

type Lookup = { found: true; value: unknown } | { found: false };

function lookup(input: unknown, path: readonly PropertyKey[]): Lookup {
  let current: unknown = input;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, key)) return { found: false };
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return { found: true, value: current };
}

/** The JSON type of a value, never the value itself: issues must not echo secrets. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

function describeExpected(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return ARTICLES[issue.expected] ?? String(issue.expected);
    case 'invalid_value':
      return issue.values.length === 1
        ? JSON.stringify(issue.values[0])
        : `one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return 'a non-empty string';
      if (issue.origin === 'number' && Number(issue.minimum) === 0) {
        return issue.inclusive ? 'a non-negative number' : 'a positive number';
      }
      return undefined;
    case 'invalid_union': {
      const branches = issue.errors.map((branch) =>
        branch[0] === undefined ? undefined : describeExpected(branch[0]),
      );
      if (branches.length === 0 || branches.some((branch) => branch === undefined)) return undefined;
      return branches.join(' or ');
    }
    default:
      return undefined;
  }
}

/**
 * One readable line per zod issue: `path: expected X, got Y` or `path: expected X but the field is missing`.
 * "Got" names a type, never a value, so secret fields cannot leak through a schema mismatch.
 */
export function formatIssue(issue: Issue, input: unknown): string {
  const path = formatPath(issue.path);
  const expected = describeExpected(issue);
  if (expected === undefined) return `${path}: ${issue.message}`;
  const actual = lookup(input, issue.path);
  // An own key holding `undefined` is as absent as a missing one: JSON cannot even express it.
  if (!actual.found || actual.value === undefined) return `${path}: expected ${expected} but the field is missing`;
  if (issue.code === 'invalid_value' && typeof actual.value === 'string') {
    return `${path}: expected ${expected}`;
  }
  if (issue.code === 'too_small') return `${path}: expected ${expected}`;
  return `${path}: expected ${expected}, got ${describeType(actual.value)}`;
}

/** All issues of a failed parse, formatted. */
export function formatIssues(issues: readonly Issue[], input: unknown): string[] {
  return issues.map((issue) => formatIssue(issue, input));
}

/** The first few issues as one clause for a message: `a; b; c; and 2 more`. */
export function summarizeIssues(issues: readonly string[], limit = 3): string {
  const shown = issues.slice(0, limit).join('; ');
  return issues.length > limit ? `${shown}; and ${issues.length - limit} more` : shown;
}
