import type * as z from 'zod/mini';
import { describeType } from './describeType.ts';
import { summarizeIssues } from './summarizeIssues.ts';

export { describeType, summarizeIssues };

/** A zod (mini) issue, as `safeParse(...).error.issues` holds them. */
type Issue = z.core.$ZodIssue;

const ARTICLES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'a boolean',
  object: 'an object',
  array: 'an array',
  null: 'null',
  // z.unknown() fields that must be present (even if null) fail as `nonoptional`.
  nonoptional: 'a value',
};

/** zod/mini's message when a check names nothing better (it ships no locale). */
const DEFAULT_MESSAGE = 'Invalid input';

/**
 * Where a value sits, as `client_id`, `redirect_uris[2]`, `headers["X Emoji"]` or `(root)`.
 *
 * @example
 * ```ts
 * formatPath(['transitions', 0, 'targets']); // 'transitions[0].targets'
 * ```
 */
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

function describeExpected(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return ARTICLES[issue.expected] ?? String(issue.expected);
    case 'invalid_value':
      return issue.values.length === 1
        ? JSON.stringify(issue.values[0])
        : `one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'too_small':
      // A check can name its expectation itself (`z.minimum(0, { error: 'a non-negative integer' })`): zod's issue
      // does not say whether the number had to be an integer.
      if (issue.message !== DEFAULT_MESSAGE && /^an? /.test(issue.message)) return issue.message;
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return 'a non-empty string';
      if (issue.origin === 'number' && Number(issue.minimum) === 0) {
        return issue.inclusive ? 'a non-negative number' : 'a positive number';
      }
      return undefined;
    case 'invalid_union': {
      // A discriminated union names its allowed tags; a plain one, what each branch expected.
      const options = 'options' in issue ? issue.options : undefined;
      if (issue.discriminator !== undefined && options !== undefined) {
        return `one of ${options.map((option) => JSON.stringify(option)).join(', ')}`;
      }
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
 *
 * @example
 * ```ts
 * const result = registerResponseSchema.safeParse(body);
 * if (!result.success) formatIssue(result.error.issues[0]!, body); // 'client_id: expected a string, got a number'
 * ```
 */
export function formatIssue(issue: Issue, input: unknown): string {
  const path = formatPath(issue.path);
  const expected = describeExpected(issue);
  if (expected === undefined) return `${path}: ${issue.message}`;
  const actual = lookup(input, issue.path);
  // An own key holding `undefined` is as absent as a missing one: JSON cannot even express it.
  if (!actual.found || actual.value === undefined) return `${path}: expected ${expected} but the field is missing`;
  // A wrong enum value or discriminator is still a string, and a too-small value has the right type: naming its
  // type would read as nonsense.
  const tagged =
    issue.code === 'invalid_value' || (issue.code === 'invalid_union' && issue.discriminator !== undefined);
  if (tagged && typeof actual.value === 'string') {
    return `${path}: expected ${expected}`;
  }
  if (issue.code === 'too_small') return `${path}: expected ${expected}`;
  return `${path}: expected ${expected}, got ${describeType(actual.value)}`;
}

/**
 * All issues of a failed parse, formatted ({@link formatIssue}).
 *
 * @example
 * ```ts
 * const result = tokenResponseSchema.safeParse(body);
 * if (!result.success) console.log(formatIssues(result.error.issues, body));
 * ```
 */
export function formatIssues(issues: readonly Issue[], input: unknown): string[] {
  return issues.map((issue) => formatIssue(issue, input));
}
