import { describeType } from './describeType.ts';

/**
 * What one field must hold. `test` answers `true` when the value fits, `false` when its type is wrong (the issue
 * then names the type found) and a string when the type is right but the value is not (the issue is that string).
 * `items` checks each element of an array that passed `test`.
 */
export interface Rule {
  readonly expected: string;
  readonly test: (value: unknown) => boolean | string;
  readonly items?: Rule;
}

/** Field name → rule. Unknown fields of the checked object pass through unchecked. */
export type Shape = Readonly<Record<string, Rule>>;

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const quoted = (values: readonly string[]) =>
  values.length === 1 ? JSON.stringify(values[0]) : `one of ${values.map((value) => JSON.stringify(value)).join(', ')}`;

/** Any string. */
export const text: Rule = { expected: 'a string', test: (value) => typeof value === 'string' };

/** A string of at least one character. */
export const nonEmptyText: Rule = {
  expected: 'a string',
  test: (value) => typeof value === 'string' && (value !== '' || 'a non-empty string'),
};

/** A finite number. */
export const number: Rule = { expected: 'a number', test: isNumber };

/** A finite number ≥ 0. */
export const nonNegativeNumber: Rule = {
  expected: 'a number',
  test: (value) => isNumber(value) && (value >= 0 || 'a non-negative number'),
};

/** A finite number > 0. */
export const positiveNumber: Rule = {
  expected: 'a number',
  test: (value) => isNumber(value) && (value > 0 || 'a positive number'),
};

/** A boolean. */
export const boolean: Rule = { expected: 'a boolean', test: (value) => typeof value === 'boolean' };

/** One of `values` (a string outside the set is named as such, anything else by its type). */
export function oneOf(values: readonly string[]): Rule {
  const expected = quoted(values);
  return {
    expected,
    test: (value) => values.includes(value as string) || (typeof value === 'string' && expected),
  };
}

/** Either rule (their own refinements aside: a value of neither type fails with both expectations). */
export function either(first: Rule, second: Rule): Rule {
  return {
    expected: `${first.expected} or ${second.expected}`,
    test: (value) => first.test(value) === true || second.test(value) === true,
  };
}

/** An array whose every element fits `items`. */
export function arrayOf(items: Rule): Rule {
  return { expected: 'an array', test: Array.isArray, items };
}

/** `rule`, or absent (`undefined`). */
export function optional(rule: Rule): Rule {
  return { ...rule, test: (value) => value === undefined || rule.test(value) };
}

/** `rule`, absent or `null` (servers send `null` for fields they leave out). */
export function absentable(rule: Rule): Rule {
  return { ...rule, test: (value) => value == null || rule.test(value) };
}

function checkValue(rule: Rule, value: unknown, path: string, issues: string[]): void {
  const verdict = rule.test(value);
  if (verdict === true) {
    const { items } = rule;
    if (items !== undefined && Array.isArray(value)) {
      value.forEach((item, index) => {
        checkValue(items, item, `${path}[${index}]`, issues);
      });
    }
    return;
  }
  // An absent field and an own key holding `undefined` read the same: JSON cannot express the difference.
  issues.push(
    `${path}: expected ${
      typeof verdict === 'string'
        ? verdict
        : `${rule.expected}${value === undefined ? ' but the field is missing' : `, got ${describeType(value)}`}`
    }`,
  );
}

/** A JSON object: not `null`, not an array. */
export const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks `value` against `shape`: one readable issue per mismatch, in the shape's order, as
 * `path: expected X, got Y`, `path: expected X but the field is missing` or `path: expected a non-empty string`.
 * "Got" names a type, never a value, so a secret cannot leak through a mismatch. An empty list means it fits.
 *
 * Hand-written instead of zod on the client's path to keep the browser bundle small (decision 0015); the exported
 * zod schemas describe the same shapes and a test keeps the two in agreement.
 *
 * @example
 * ```ts
 * checkShape({ client_id: nonEmptyText }, { client_id: 42 }); // ['client_id: expected a string, got a number']
 * ```
 */
export function checkShape(shape: Shape, value: unknown): string[] {
  const issues: string[] = [];
  if (!isJsonObject(value)) {
    checkValue({ expected: 'an object', test: () => false }, value, '(root)', issues);
    return issues;
  }
  for (const key in shape) checkValue(shape[key]!, value[key], key, issues);
  return issues;
}
