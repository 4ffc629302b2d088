import type { CommandContext, CommandSpec } from '../args/CommandSpec.ts';
import { OUTPUT_OPTIONS } from '../args/commonOptions.ts';
import { integerOption } from '../args/integerOption.ts';
import { CliError } from '../errors/CliError.ts';
import { EXIT_CODES, type ExitCode } from '../errors/exitCodes.ts';
import { writeJson } from '../output/writeJson.ts';
import { waitForAbort } from '../process/waitForAbort.ts';

/** How often the request log is copied to stderr. */
const LOG_POLL_MS = 200;

async function run({ io, values, json }: CommandContext): Promise<ExitCode> {
  const port = integerOption('simulate', 'port', values.port, { min: 0, max: 65_535 }, 0);
  const tokenTtlSeconds = integerOption(
    'simulate',
    'token-ttl',
    values['token-ttl'],
    { min: 1, max: 31_536_000 },
    21_600,
  );
  const host = typeof values.host === 'string' && values.host !== '' ? values.host : '127.0.0.1';
  const throttle = values['no-throttle'] === true ? false : { ratePerSecond: 1, burst: 10 };

  // Loaded here so the other commands (and --help) never pay for the simulator's HTTP stack.
  const { startSimulator } = await import('@dcrflow/simulator/node');
  let running: Awaited<ReturnType<typeof startSimulator>>;
  try {
    running = await startSimulator({ port, host, tokenTtlSeconds, throttle });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'EADDRINUSE') {
      throw new CliError(`Port ${port} on ${host} is already in use.`, {
        code: 'address_in_use',
        exitCode: EXIT_CODES.failure,
        hint: 'Pass another --port, or --port 0 for any free port.',
      });
    }
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EACCES') {
      throw new CliError(`Cannot listen on ${host}:${port} (${String(code)}).`, {
        code: 'configuration',
        exitCode: EXIT_CODES.configuration,
        hint: 'Check --host and --port (ports below 1024 need privileges).',
      });
    }
    throw error;
  }

  try {
    const { software_statement: softwareStatement, software_id: softwareId } =
      await running.simulator.mintSoftwareStatement({ client_name: 'dcrflow CLI' });
    if (json) {
      writeJson(io.stdout, { url: running.url, softwareStatement, softwareId, tokenTtlSeconds, throttle });
    } else {
      io.stdout.write(
        [
          `DCR simulator listening on ${running.url}`,
          `Access tokens live ${tokenTtlSeconds} s; throttling ${throttle === false ? 'off' : '1 request/s per device after a burst of 10'}.`,
          '',
          `Software statement for this simulator run (software_id ${softwareId}):`,
          softwareStatement,
          '',
          'Try it from another shell:',
          `  export DCRFLOW_BASE_URL=${running.url}`,
          `  export DCRFLOW_SOFTWARE_STATEMENT=${softwareStatement}`,
          '  dcrflow token',
          '',
          'Requests are logged below. Press Ctrl-C to stop.',
          '',
        ].join('\n'),
      );
    }

    // The simulator keeps a bounded log and no listener API: copy new entries to stderr as they appear.
    let seen = running.simulator.stats().requests.total;
    const timer = json
      ? undefined
      : setInterval(() => {
          const total = running.simulator.stats().requests.total;
          if (total === seen) return;
          const fresh = running.simulator.requests().slice(-(total - seen));
          seen = total;
          for (const entry of fresh) {
            const note = entry.throttled ? ' (throttled)' : entry.fault === undefined ? '' : ` (fault: ${entry.fault})`;
            const client = entry.clientId === undefined ? '' : ` client ${entry.clientId}`;
            io.stderr.write(
              `${new Date(entry.at).toISOString()} ${entry.method} ${entry.path} → ${entry.status}${client}${note}\n`,
            );
          }
        }, LOG_POLL_MS);
    timer?.unref();
    await waitForAbort(io.signal);
    if (timer !== undefined) clearInterval(timer);
  } finally {
    await running.close();
  }
  if (!json) io.stderr.write('Simulator stopped.\n');
  return EXIT_CODES.ok;
}

/**
 * `dcrflow simulate`: runs the local Adobe Pass DCR simulator until Ctrl-C, and prints a freshly minted software
 * statement for it.
 *
 * @example
 * ```ts
 * // dcrflow simulate --port 4010 --no-throttle
 * await simulateCommand.run({ io, values: { port: '4010', 'no-throttle': true }, json: false, version });
 * ```
 */
export const simulateCommand: CommandSpec = {
  name: 'simulate',
  summary: 'Run a local Adobe Pass DCR simulator and print a software statement for it.',
  description: [
    'Starts the dcrflow DCR simulator (register, token, a protected API, and the /admin API) and prints its URL and',
    'a software statement minted by it, ready for --software-statement. Requests are logged on stderr. Ctrl-C stops',
    'it. The simulator keeps everything in memory: clients registered against one run are unknown to the next.',
    'With --json, prints one line {"url","softwareStatement","softwareId","tokenTtlSeconds","throttle"} instead.',
  ].join('\n'),
  options: {
    port: { type: 'string', valueName: 'n', description: 'TCP port (default 0: any free port).' },
    host: { type: 'string', valueName: 'host', description: 'Interface to listen on (default 127.0.0.1).' },
    'token-ttl': { type: 'string', valueName: 'seconds', description: 'Access token lifetime (default 21600).' },
    'no-throttle': { type: 'boolean', description: 'Do not throttle (default: 1 request/s per device, burst 10).' },
    ...OUTPUT_OPTIONS,
  },
  examples: ['dcrflow simulate', 'dcrflow simulate --port 4010 --token-ttl 60 --no-throttle'],
  run,
};
