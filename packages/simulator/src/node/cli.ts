/// <reference types="node" />
import { parseArgs } from 'node:util';
import type { ThrottleOptions } from '../types/SimulatorOptions.ts';
import { startSimulator } from './startSimulator.ts';

const USAGE = `Usage: dcrflow-simulator [options]

Runs a local Adobe Pass Dynamic Client Registration simulator.

Options:
  --port N              TCP port (default 0: an ephemeral port, printed at start)
  --host H              interface to bind (default 127.0.0.1)
  --token-ttl S         access token lifetime in seconds (default 21600)
  --no-throttle         disable throttling
  --throttle-rate R     throttle refill rate, requests per second (default 1)
  --throttle-burst B    one-time initial burst per device (default 10)
  -h, --help            show this help

Prints "DCR simulator listening on <url>" once ready; stops cleanly on SIGINT/SIGTERM.
`;

/** Parses a numeric flag, exiting with a usage error when it is not a finite number. */
function numberFlag(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed)) fail(`--${name} must be a number, got "${value}".`);
  return parsed;
}

function fail(message: string): never {
  process.stderr.write(`dcrflow-simulator: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function parse() {
  return parseArgs({
    args: process.argv.slice(2),
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'token-ttl': { type: 'string' },
      'no-throttle': { type: 'boolean' },
      'throttle-rate': { type: 'string' },
      'throttle-burst': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
let values: ReturnType<typeof parse>['values'];
try {
  values = parse().values;
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}

if (values.help) {
  process.stdout.write(USAGE);
} else {
  const throttle: ThrottleOptions | false = values['no-throttle']
    ? false
    : {
        ratePerSecond: numberFlag('throttle-rate', values['throttle-rate'], 1),
        burst: numberFlag('throttle-burst', values['throttle-burst'], 10),
      };
  let running: Awaited<ReturnType<typeof startSimulator>>;
  try {
    running = await startSimulator({
      port: numberFlag('port', values.port, 0),
      host: values.host ?? '127.0.0.1',
      tokenTtlSeconds: numberFlag('token-ttl', values['token-ttl'], 21_600),
      throttle,
    });
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  process.stdout.write(`DCR simulator listening on ${running.url}\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second signal while closing: the user insists.
      process.exit(1);
    }
    stopping = true;
    process.stdout.write(`Received ${signal}, shutting down.\n`);
    running.close().then(
      () => {
        process.exitCode = 0;
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        // The loop should now drain by itself; a pending injected delay must not hold the exit for long.
        setTimeout(() => process.exit(0), 1000).unref();
      },
      (error: unknown) => {
        process.stderr.write(`dcrflow-simulator: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
