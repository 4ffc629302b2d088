import { isatty } from 'node:tty';
import type { CommandContext, CommandSpec } from './args/CommandSpec.ts';
import { unechoableWords } from './args/describeWord.ts';
import { formatCommandHelp, formatProgramHelp } from './args/formatHelp.ts';
import { type ParsedCommandLine, parseCommandLine } from './args/parseCommandLine.ts';
import type { CliIo } from './CliIo.ts';
import { demoCommand } from './commands/demo.ts';
import { inspectCommand } from './commands/inspect.ts';
import { resetCommand } from './commands/reset.ts';
import { simulateCommand } from './commands/simulate.ts';
import { statusCommand } from './commands/status.ts';
import { tokenCommand } from './commands/token.ts';
import { EXIT_CODES, type ExitCode } from './errors/exitCodes.ts';
import { reportError } from './output/reportError.ts';
import { readVersion } from './readVersion.ts';
import { resolveIo } from './resolveIo.ts';

/**
 * Every `dcrflow` command, in the order help lists them.
 *
 * @example
 * ```ts
 * COMMANDS.map((command) => command.name); // ['token', 'status', 'reset', 'simulate', 'demo', 'inspect']
 * ```
 */
export const COMMANDS: readonly CommandSpec[] = [
  tokenCommand,
  statusCommand,
  resetCommand,
  simulateCommand,
  demoCommand,
  inspectCommand,
];

/**
 * Runs one `dcrflow` command line and returns its exit code. Never throws and never exits the process: every failure
 * becomes an error line on stderr and a non-zero code, so tests call it in-process.
 *
 * @example
 * ```ts
 * import { main } from 'dcrflow';
 * const code = await main(['token', '--json'], { stdout: process.stdout, stderr: process.stderr, env: process.env });
 * process.exitCode = code;
 * ```
 */
export async function main(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const resolved = resolveIo(io);
  const json = argv.includes('--json');
  const version = readVersion();
  // Defence in depth: whatever a usage message may still quote, a long or JWT-shaped word of the command line (a
  // statement pasted in the wrong place) is scrubbed from it as a known secret. (Commands add the statement they
  // resolved themselves; long base URLs must stay readable in their errors.)
  const argvSecrets = unechoableWords(argv);

  let parsed: ParsedCommandLine;
  try {
    parsed = parseCommandLine(argv, COMMANDS);
  } catch (error) {
    return await reportError(resolved, error, { json, secrets: argvSecrets });
  }

  switch (parsed.kind) {
    case 'version':
      resolved.stdout.write(json ? `${JSON.stringify({ version })}\n` : `${version}\n`);
      return EXIT_CODES.ok;
    case 'help':
      resolved.stdout.write(
        parsed.command === undefined ? formatProgramHelp(COMMANDS, version) : formatCommandHelp(parsed.command),
      );
      return EXIT_CODES.ok;
    case 'none':
      // No command is a usage error, but the most useful answer is the overview itself.
      resolved.stderr.write(formatProgramHelp(COMMANDS, version));
      return EXIT_CODES.usage;
    case 'run': {
      const context: CommandContext = {
        io: resolved,
        values: parsed.values,
        json: parsed.values.json === true,
        version,
        errorContext: { secrets: [] },
      };
      try {
        return await parsed.command.run(context);
      } catch (error) {
        return await reportError(resolved, error, { json: context.json, ...context.errorContext });
      }
    }
  }
}

/**
 * Runs `dcrflow` as the process: `process.argv`, the real streams and environment; Ctrl-C (or SIGTERM) aborts the
 * running command cleanly, a second one exits at once. Sets `process.exitCode`.
 *
 * @example
 * ```ts
 * // bin/dcrflow.js
 * const { runProcess } = await import('../dist/cli.js');
 * await runProcess();
 * ```
 */
export async function runProcess(): Promise<void> {
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = () => {
    interrupts += 1;
    if (interrupts > 1) process.exit(EXIT_CODES.interrupted); // the user insists
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // `dcrflow status | head -1`: a reader that leaves early is not an error worth a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  const code = await main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    // A getter: touching process.stdin opens it, which only `reset`'s prompt and `--software-statement-file -` need.
    get stdin() {
      return process.stdin;
    },
    env: process.env,
    isTTY: { stdin: isatty(0), stdout: isatty(1), stderr: isatty(2) },
    signal: controller.signal,
  });
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  process.exitCode = code;
  // Safety net: a handle left open by a dependency (a keep-alive socket, a timer) must not hold the shell. Unref'd,
  // so a clean exit is never delayed.
  setTimeout(() => process.exit(code), 2000).unref();
}
