/** Types of closingReport.mjs (plain JavaScript so that scripts/dev.mjs runs on Node 20). */
export interface ClosingReport {
  passed: number;
  failed: number;
  /** One line per failure: `file › describe › test`, a file that failed to load, a missing report, typecheck, lint. */
  failures: string[];
  /** `name: N passed, N failed[, N skipped]` per project that wrote a report. */
  perProject: string[];
}

/**
 * Sums the vitest JSON reports of every test project and names each failure as `file › describe › test`.
 *
 * @example
 * const report = closingReport(root, [{ name: '@dcrflow/node', dir: 'packages/node' }]);
 * for (const line of report.failures) console.log(`FAILED ${line}`);
 */
export function closingReport(
  root: string,
  projects: readonly { name: string; dir: string }[],
  earlier?: readonly string[],
): ClosingReport;
