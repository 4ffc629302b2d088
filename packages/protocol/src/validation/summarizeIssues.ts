/**
 * The first few formatted issues as one clause for a message: `a; b; c; and 2 more`.
 *
 * @example
 * ```ts
 * summarizeIssues(['a: expected a string', 'b: expected a number']); // 'a: expected a string; b: expected a number'
 * ```
 */
export function summarizeIssues(issues: readonly string[], limit = 3): string {
  const shown = issues.slice(0, limit).join('; ');
  return issues.length > limit ? `${shown}; and ${issues.length - limit} more` : shown;
}
