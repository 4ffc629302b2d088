import type * as z from 'zod/mini';

type Issue = z.core.$ZodIssue;

/** `seq`, `snapshot.status`, `transitions[2].targets[0]`, or `(root)`. */
function formatPath(path: readonly PropertyKey[]): string {
  let result = '';
  for (const key of path) {
    if (typeof key === 'number') result += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) result += result === '' ? key : `.${key}`;
    else result += `[${JSON.stringify(String(key))}]`;
  }
  return result === '' ? '(root)' : result;
}

/**
 * The JSON type of a value — never the value itself, so an invalid event cannot carry a payload (possibly a secret
 * that escaped redaction upstream) into an error message.
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

type Lookup = { found: true; value: unknown } | { found: false };

function lookup(input: unknown, path: readonly PropertyKey[]): Lookup {
  let current: unknown = input;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, key)) return { found: false };
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return { found: true, value: current };
}

const EXPECTED_TYPES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'a boolean',
  object: 'an object',
  array: 'an array',
  null: 'null',
  // z.unknown() fields (definition, context, data) must be present, even if null.
  nonoptional: 'a value',
};

function expectation(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return EXPECTED_TYPES[issue.expected] ?? String(issue.expected);
    case 'invalid_value':
      return issue.values.length === 1
        ? JSON.stringify(issue.values[0])
        : `one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'too_small':
      if (issue.origin === 'string') return 'a non-empty string';
      if (issue.origin === 'number') return 'a non-negative integer';
      return undefined;
    case 'invalid_format':
      return 'an integer';
    case 'invalid_union': {
      const options = 'options' in issue ? issue.options : undefined;
      if (issue.discriminator !== undefined && options !== undefined) {
        return `one of ${options.map((option) => JSON.stringify(option)).join(', ')}`;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** One clause per issue, `seq: expected an integer, got a string`, the first three joined. */
export function describeIssues(issues: readonly Issue[], input: unknown): string {
  const clauses = issues.map((issue) => {
    const path = formatPath(issue.path);
    const expected = expectation(issue);
    if (expected === undefined) return `${path}: ${issue.message}`;
    const actual = lookup(input, issue.path);
    if (!actual.found || actual.value === undefined) return `${path}: expected ${expected} but the field is missing`;
    // A wrong discriminator or status is still a string: naming its type would read as nonsense.
    if ((issue.code === 'invalid_value' || issue.code === 'invalid_union') && typeof actual.value === 'string') {
      return `${path}: expected ${expected}`;
    }
    return `${path}: expected ${expected}, got ${describeType(actual.value)}`;
  });
  const shown = clauses.slice(0, 3).join('; ');
  return clauses.length > 3 ? `${shown}; and ${clauses.length - 3} more` : shown;
}
