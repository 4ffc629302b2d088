import { type ParseArgsOptionsConfig, parseArgs } from 'node:util';
import { UsageError } from '../errors/UsageError.ts';
import type { CommandSpec, OptionValues } from './CommandSpec.ts';
import { describeWord } from './describeWord.ts';

/**
 * What the command line asks for.
 *
 * @example
 * ```ts
 * const parsed: ParsedCommandLine = { kind: 'run', command: tokenCommand, values: { json: true } };
 * ```
 */
export type ParsedCommandLine =
  | { readonly kind: 'help'; readonly command: CommandSpec | undefined }
  | { readonly kind: 'version' }
  | { readonly kind: 'none' }
  | { readonly kind: 'run'; readonly command: CommandSpec; readonly values: OptionValues };

/** Flags that take a value, across every command: the scan for the command name must skip their values. */
function valueFlags(commands: readonly CommandSpec[]): Set<string> {
  const flags = new Set<string>();
  for (const command of commands) {
    for (const [name, spec] of Object.entries(command.options)) {
      if (spec.type !== 'string') continue;
      flags.add(`--${name}`);
      if (spec.short !== undefined) flags.add(`-${spec.short}`);
    }
  }
  return flags;
}

/** Index of the first positional argument (the command name), or -1. */
function findCommandIndex(argv: readonly string[], takesValue: ReadonlySet<string>): number {
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index]!;
    if (arg === '--') return index + 1 < argv.length ? index + 1 : -1;
    if (!arg.startsWith('-') || arg === '-') return index;
    if (!arg.includes('=') && takesValue.has(arg)) index += 1;
  }
  return -1;
}

function toParseArgsOptions(command: CommandSpec): ParseArgsOptionsConfig {
  const options: ParseArgsOptionsConfig = {};
  for (const [name, spec] of Object.entries(command.options)) {
    options[name] = spec.short === undefined ? { type: spec.type } : { type: spec.type, short: spec.short };
  }
  return options;
}

/** Node's parseArgs messages, rephrased as sentences that name the command. */
function usageErrorFrom(error: unknown, command: CommandSpec): UsageError {
  const { code, message } = error as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : String(error);
  const quoted = /'([^']+)'/.exec(text)?.[1];
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new UsageError(`Unknown option ${describeWord(quoted ?? text)} for 'dcrflow ${command.name}'.`, {
        command: command.name,
      });
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return new UsageError(
        `Unexpected argument ${describeWord(quoted ?? text)}: 'dcrflow ${command.name}' takes only options.`,
        {
          command: command.name,
        },
      );
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const flag = quoted?.split(' ')[0];
      if (flag !== undefined && / argument missing$/.test(text)) {
        return new UsageError(`Option '${flag}' needs a value.`, { command: command.name });
      }
      if (flag !== undefined && /does not take an argument/.test(text)) {
        return new UsageError(`Option '${flag}' does not take a value.`, { command: command.name });
      }
      return new UsageError(text.endsWith('.') ? text : `${text}.`, { command: command.name });
    }
    default:
      return new UsageError(text, { command: command.name });
  }
}

/**
 * Reads a `dcrflow` command line: `dcrflow [options] <command> [options]`. Strict: unknown flags, stray arguments and
 * missing values are {@link UsageError}s (exit 2). `--help` anywhere asks for help (of the command, when one is
 * named); `--version` before or without a command prints the version.
 *
 * @example
 * ```ts
 * const parsed = parseCommandLine(['token', '--json'], [tokenCommand, statusCommand]);
 * if (parsed.kind === 'run') await parsed.command.run({ io, values: parsed.values, json: true, version });
 * ```
 */
export function parseCommandLine(argv: readonly string[], commands: readonly CommandSpec[]): ParsedCommandLine {
  const commandIndex = findCommandIndex(argv, valueFlags(commands));
  const before = commandIndex === -1 ? argv : argv.slice(0, commandIndex);
  const wantsHelp = argv.includes('--help') || argv.includes('-h');

  if (commandIndex === -1) {
    if (wantsHelp) return { kind: 'help', command: undefined };
    if (before.includes('--version')) return { kind: 'version' };
    if (argv.length === 0) return { kind: 'none' };
    const first = argv.find((arg) => arg !== '--');
    throw new UsageError(`Unknown option ${describeWord(first ?? argv[0] ?? '')}: give a command first.`);
  }

  const name = argv[commandIndex]!;
  if (name === 'help') {
    const topic = argv[commandIndex + 1];
    if (topic === undefined) return { kind: 'help', command: undefined };
    const command = commands.find((candidate) => candidate.name === topic);
    if (command === undefined) {
      throw new UsageError(`Unknown command ${describeWord(topic)}.`, { hint: commandListHint(commands) });
    }
    return { kind: 'help', command };
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (command === undefined) {
    if (wantsHelp) return { kind: 'help', command: undefined };
    throw new UsageError(`Unknown command ${describeWord(name)}.`, { hint: commandListHint(commands) });
  }
  if (wantsHelp) return { kind: 'help', command };
  if (before.includes('--version') || argv.slice(commandIndex + 1).includes('--version')) return { kind: 'version' };

  const rest = [...before.filter((arg) => arg !== '--'), ...argv.slice(commandIndex + 1)];
  try {
    const { values } = parseArgs({
      args: rest,
      options: toParseArgsOptions(command),
      strict: true,
      allowPositionals: false,
    });
    return { kind: 'run', command, values: values as OptionValues };
  } catch (error) {
    throw usageErrorFrom(error, command);
  }
}

function commandListHint(commands: readonly CommandSpec[]): string {
  return `Commands: ${commands.map((command) => command.name).join(', ')}. Run 'dcrflow --help' for usage.`;
}
