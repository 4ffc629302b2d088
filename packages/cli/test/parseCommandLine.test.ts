import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../src/args/parseCommandLine.ts';
import { COMMANDS } from '../src/cli.ts';
import { UsageError } from '../src/errors/UsageError.ts';

const parse = (...argv: string[]) => parseCommandLine(argv, COMMANDS);

function usageError(argv: string[]): UsageError {
  try {
    parse(...argv);
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error(`expected a UsageError for ${argv.join(' ')}`);
}

describe('parseCommandLine', () => {
  it('finds the command after options that take values', () => {
    const parsed = parse('--base-url', 'http://x', '--json', 'token', '--store', 'token');
    expect(parsed).toMatchObject({ kind: 'run', command: { name: 'token' } });
    if (parsed.kind !== 'run') throw new Error('unreachable');
    expect(parsed.values).toEqual({ 'base-url': 'http://x', json: true, store: 'token' });
  });

  it('accepts --flag=value and short flags', () => {
    const parsed = parse('reset', '-y', '--store=/tmp/a.json');
    if (parsed.kind !== 'run') throw new Error('expected run');
    expect(parsed.values).toEqual({ yes: true, store: '/tmp/a.json' });
  });

  it('asks for help or the version', () => {
    expect(parse()).toEqual({ kind: 'none' });
    expect(parse('--help')).toEqual({ kind: 'help', command: undefined });
    expect(parse('help')).toEqual({ kind: 'help', command: undefined });
    expect(parse('-h', 'status')).toMatchObject({ kind: 'help', command: { name: 'status' } });
    expect(parse('help', 'reset')).toMatchObject({ kind: 'help', command: { name: 'reset' } });
    expect(parse('--version')).toEqual({ kind: 'version' });
    expect(parse('simulate', '--version')).toEqual({ kind: 'version' });
  });

  it('rejects what a command does not know, naming the command', () => {
    expect(usageError(['status', '--yes']).message).toBe("Unknown option '--yes' for 'dcrflow status'.");
    expect(usageError(['status', '--yes']).hint).toBe("Run 'dcrflow status --help' for usage.");
    expect(usageError(['simulate', '--base-url', 'x']).message).toBe(
      "Unknown option '--base-url' for 'dcrflow simulate'.",
    );
    expect(usageError(['token', '-x']).message).toBe("Unknown option '-x' for 'dcrflow token'.");
    expect(usageError(['token', '--base-url', '--json']).message).toMatch(/^Option '--base-url' argument is ambiguous/);
    expect(usageError(['help', 'nope']).message).toBe("Unknown command 'nope'.");
    expect(usageError(['token', 'now']).exitCode).toBe(2);
  });
});

describe('usage errors never echo a secret-shaped word', () => {
  it('describes a mistyped software statement instead of repeating it', () => {
    const statement = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhcHAifQ.c2lnbmF0dXJl';
    for (const argv of [
      ['token', statement],
      ['token', `--${statement}`],
      ['status', 'x'.repeat(200)],
    ]) {
      let message = '';
      try {
        parseCommandLine(argv, COMMANDS);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/not shown: it may be a secret/);
      expect(message).not.toContain(statement);
      expect(message).not.toContain('x'.repeat(33));
    }
  });
});
