import type { CommandSpec, OptionSpec } from './CommandSpec.ts';

function flagColumn(name: string, spec: OptionSpec): string {
  const short = spec.short === undefined ? '    ' : `-${spec.short}, `;
  const value = spec.type === 'string' ? ` <${spec.valueName ?? 'value'}>` : '';
  return `${short}--${name}${value}`;
}

function optionLines(options: Readonly<Record<string, OptionSpec>>): string[] {
  const entries = Object.entries(options);
  const width = Math.max(...entries.map(([name, spec]) => flagColumn(name, spec).length));
  const indent = ' '.repeat(width + 4);
  return entries.flatMap(([name, spec]) => {
    const line = `  ${flagColumn(name, spec).padEnd(width)}  ${spec.description}`;
    return spec.env === undefined ? [line] : [line, `${indent}env ${spec.env}`];
  });
}

/**
 * The text of `dcrflow <command> --help`.
 *
 * @example
 * ```ts
 * process.stdout.write(formatCommandHelp(tokenCommand));
 * ```
 */
export function formatCommandHelp(command: CommandSpec): string {
  const lines = [
    `Usage: dcrflow ${command.name} [options]`,
    '',
    command.description,
    '',
    'Options:',
    ...optionLines(command.options),
  ];
  if (command.examples.length > 0) lines.push('', 'Examples:', ...command.examples.map((example) => `  ${example}`));
  lines.push('', "Exit codes: run 'dcrflow --help'.");
  return `${lines.join('\n')}\n`;
}

/**
 * The text of `dcrflow --help`: commands, global options, configuration, exit codes.
 *
 * @example
 * ```ts
 * process.stdout.write(formatProgramHelp(COMMANDS, '0.1.0'));
 * ```
 */
export function formatProgramHelp(commands: readonly CommandSpec[], version: string): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  return `${[
    `dcrflow ${version} — Adobe Pass Dynamic Client Registration from the command line.`,
    '',
    'Usage: dcrflow <command> [options]',
    '       dcrflow <command> --help',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'Options:',
    '  -h, --help     Show help (of a command when one is named).',
    '      --version  Print the version.',
    '',
    'Configuration (a flag wins over its environment variable):',
    '  --base-url <url>                  DCRFLOW_BASE_URL                 default https://sp.auth.adobe.com',
    '  --software-statement <jwt>        DCRFLOW_SOFTWARE_STATEMENT',
    '  --software-statement-file <path>  DCRFLOW_SOFTWARE_STATEMENT_FILE',
    '  --store <path>                    DCRFLOW_STORE                    credentials file',
    '  DCRFLOW_DEBUG=1                   print each DCR request (method, URL, status, time) and',
    '                                    stack traces with errors',
    '',
    'Credentials are cached in $XDG_CONFIG_HOME/dcrflow/credentials (default ~/.config/dcrflow/credentials),',
    'one file per base URL and software id, readable by you only (mode 0600).',
    '',
    'Exit codes:',
    '    0  success',
    '    1  failure (unexpected error, local file problem, declined confirmation)',
    '    2  usage (unknown command or option, bad option value, reset without --yes off a terminal)',
    '    3  revoked (the software statement is revoked or invalid)',
    '    4  unavailable (network failure, timeout, throttling, server error): try again later',
    '    5  configuration or protocol (missing statement, bad base URL, an OAuth error answer)',
    '  130  interrupted (Ctrl-C)',
  ].join('\n')}\n`;
}
