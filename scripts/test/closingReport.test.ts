import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closingReport } from '../closingReport.mjs';

// The shape vitest's JSON reporter writes (the fields closingReport reads).
function vitestReport(root: string, files: { name: string; status: string; tests: [string[], string, string][] }[]) {
  const tests = files.flatMap((file) => file.tests);
  return {
    numPassedTests: tests.filter(([, , status]) => status === 'passed').length,
    numFailedTests: tests.filter(([, , status]) => status === 'failed').length,
    numPendingTests: tests.filter(([, , status]) => status === 'skipped').length,
    numTodoTests: 0,
    testResults: files.map((file) => ({
      name: join(root, file.name),
      status: file.status,
      message: file.status === 'failed' && file.tests.length === 0 ? 'Error: Cannot find module x\n    at …' : '',
      assertionResults: file.tests.map(([ancestorTitles, title, status]) => ({ ancestorTitles, title, status })),
    })),
  };
}

describe('closingReport', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'dcrflow-closing-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  async function project(name: string, dir: string, report: unknown) {
    await mkdir(join(root, dir, '.test-results'), { recursive: true });
    await writeFile(join(root, dir, '.test-results', 'vitest.json'), JSON.stringify(report));
    return { name, dir: join(root, dir) };
  }

  it('names every failed test as `file › describe › test`, relative to the repository root', async () => {
    const node = await project(
      '@dcrflow/node',
      'packages/node',
      vitestReport(root, [
        {
          name: 'packages/node/test/fileStore.kill.test.ts',
          status: 'failed',
          tests: [
            [[], 'never leaves a torn file', 'failed'],
            [[], 'other', 'passed'],
          ],
        },
        {
          name: 'packages/node/test/redisCoordinator.test.ts',
          status: 'failed',
          tests: [[['redisCoordinator', 'lock'], 'expires', 'failed']],
        },
      ]),
    );
    const core = await project(
      '@dcrflow/core',
      'packages/core',
      vitestReport(root, [{ name: 'packages/core/test/a.test.ts', status: 'passed', tests: [[[], 'a', 'passed']] }]),
    );
    const report = closingReport(root, [node, core], ['typecheck']);
    expect(report.failures).toEqual([
      'typecheck',
      'packages/node/test/fileStore.kill.test.ts › never leaves a torn file',
      'packages/node/test/redisCoordinator.test.ts › redisCoordinator › lock › expires',
    ]);
    expect(report).toMatchObject({ passed: 2, failed: 3 });
    expect(report.perProject).toEqual(['@dcrflow/node: 1 passed, 2 failed', '@dcrflow/core: 1 passed, 0 failed']);
  });

  it('counts a file that failed to load and a project without a report as failures, with their cause', async () => {
    const broken = await project(
      '@dcrflow/cli',
      'packages/cli',
      vitestReport(root, [{ name: 'packages/cli/test/main.test.ts', status: 'failed', tests: [] }]),
    );
    const report = closingReport(root, [broken, { name: '@dcrflow/gone', dir: join(root, 'packages/gone') }]);
    expect(report.failures).toEqual([
      'packages/cli/test/main.test.ts failed to load: Error: Cannot find module x',
      '@dcrflow/gone: no test report (the suite crashed or did not run)',
    ]);
    expect(report).toMatchObject({ passed: 0, failed: 2 });
  });

  it('reports no failure when every test passed, and counts skipped tests apart', async () => {
    const ok = await project(
      '@dcrflow/protocol',
      'packages/protocol',
      vitestReport(root, [
        {
          name: 'packages/protocol/test/a.test.ts',
          status: 'passed',
          tests: [
            [[], 'a', 'passed'],
            [[], 'b', 'skipped'],
          ],
        },
      ]),
    );
    const report = closingReport(root, [ok]);
    expect(report).toEqual({
      passed: 1,
      failed: 0,
      failures: [],
      perProject: ['@dcrflow/protocol: 1 passed, 0 failed, 1 skipped'],
    });
  });
});
