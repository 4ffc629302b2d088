import { formatIssues, summarizeIssues } from '@dcrflow/protocol';
import type * as z from 'zod/mini';

export { describeType } from '@dcrflow/protocol';

/**
 * One clause per issue, `seq: expected an integer, got a string`, the first three joined — protocol's issue
 * formatter, the one dcrflow uses everywhere.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[], input: unknown): string {
  return summarizeIssues(formatIssues(issues, input));
}
