import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempHome } from './support/runCli.ts';

let home: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ home, cleanup } = await tempHome());
});
afterAll(() => cleanup());

const COMMANDS = ['token', 'status', 'reset', 'simulate', 'demo', 'inspect'] as const;

describe('--help', () => {
  it('lists every command, the configuration and the exit codes', async () => {
    const run = await runCli(home, ['--help']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    for (const command of COMMANDS) expect(run.stdout).toMatch(new RegExp(`^  ${command} +\\S`, 'm'));
    for (const variable of [
      'DCRFLOW_BASE_URL',
      'DCRFLOW_SOFTWARE_STATEMENT',
      'DCRFLOW_SOFTWARE_STATEMENT_FILE',
      'DCRFLOW_STORE',
    ]) {
      expect(run.stdout).toContain(variable);
    }
    expect(run.stdout).toMatch(/^ {4}3 {2}revoked/m);
    expect(run.stdout).toMatch(/^ {4}4 {2}unavailable/m);
  });

  it.each(COMMANDS)('dcrflow %s --help shows its own usage and options', async (command) => {
    for (const args of [
      [command, '--help'],
      [command, '-h'],
      ['help', command],
      ['--help', command],
    ]) {
      const run = await runCli(home, args);
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout.startsWith(`Usage: dcrflow ${command} [options]\n`)).toBe(true);
      expect(run.stdout).toContain('  -h, --help');
      expect(run.stdout).toContain('--json');
    }
  });

  it('--help wins over otherwise invalid options', async () => {
    const run = await runCli(home, ['token', '--nonsense', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout.startsWith('Usage: dcrflow token')).toBe(true);
  });

  it('--version prints the package version', async () => {
    const run = await runCli(home, ['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
