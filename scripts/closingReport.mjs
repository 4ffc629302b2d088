// The closing part of `npm test`, read from the vitest JSON reports. Plain JavaScript with Node built-ins only:
// scripts/dev.mjs imports it and may run on the system Node 20, before the workspace's Node 24 is installed.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Sums the vitest JSON reports (`<dir>/.test-results/vitest.json`) of every test project and names each failure as
 * `file › describe › test`, so the last lines of a CI log show the cause without scrolling back through the reporter
 * output. A project without a report and a test file that failed to load count as failures, never as silence.
 *
 * @param {string} root the repository root; file names are printed relative to it
 * @param {readonly { name: string; dir: string }[]} projects
 * @param {readonly string[]} [earlier] failures found before the tests ran (typecheck, lint)
 * @returns {{ passed: number; failed: number; failures: string[]; perProject: string[] }}
 * @example
 * const report = closingReport(root, [{ name: '@dcrflow/node', dir: 'packages/node' }], []);
 * for (const line of report.failures) console.log(`FAILED ${line}`);
 * console.log(`${report.passed} passed, ${report.failed} failed`);
 */
export function closingReport(root, projects, earlier = []) {
  const failures = [...earlier];
  const perProject = [];
  let passed = 0;
  let failed = earlier.length;
  for (const project of projects) {
    const reportPath = join(project.dir, '.test-results', 'vitest.json');
    if (!existsSync(reportPath)) {
      failures.push(`${project.name}: no test report (the suite crashed or did not run)`);
      failed += 1;
      continue;
    }
    const report = JSON.parse(readFileSync(reportPath, 'utf8'));
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    for (const file of report.testResults ?? []) {
      const fileName = relative(root, file.name);
      const tests = file.assertionResults ?? [];
      // A suite file that fails to load counts no test at all; count it as a failure, not as silence.
      if (file.status === 'failed' && tests.length === 0) {
        failed += 1;
        failures.push(`${fileName} failed to load${file.message ? `: ${firstLine(file.message)}` : ''}`);
        continue;
      }
      for (const test of tests) {
        if (test.status !== 'failed') continue;
        const title = [...(test.ancestorTitles ?? []), test.title].filter((part) => part !== '').join(' › ');
        failures.push(`${fileName} › ${title}`);
      }
    }
    const skipped = report.numPendingTests + report.numTodoTests;
    perProject.push(
      `${project.name}: ${report.numPassedTests} passed, ${report.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`,
    );
  }
  return { passed, failed, failures, perProject };
}

function firstLine(text) {
  return String(text).split('\n', 1)[0];
}
