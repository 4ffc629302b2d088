import { createServer } from 'node:net';
import { type RunningSimulator, startSimulator } from '@dcrflow/simulator/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { credentialFiles } from './support/readCache.ts';
import { runCli, tempHome } from './support/runCli.ts';

let sim: RunningSimulator;
let home: string;
let cleanup: () => Promise<void>;
let statement: string;
let softwareId: string;

beforeEach(async () => {
  sim = await startSimulator({ port: 0, throttle: false });
  ({ software_statement: statement, software_id: softwareId } = await sim.simulator.mintSoftwareStatement());
  ({ home, cleanup } = await tempHome());
});

afterEach(async () => {
  await sim.close();
  await cleanup();
});

/** A port that was just free and is now closed: connecting to it is refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Exactly one error line (and optionally a hint line) on stderr. */
function errorLines(stderr: string): string[] {
  return stderr.trimEnd().split('\n');
}

describe('usage errors exit 2 with one clear line', () => {
  it.each([
    [
      ['token', '--frobnicate'],
      "dcrflow: error [usage]: Unknown option '--frobnicate' for 'dcrflow token'.",
      'dcrflow token --help',
    ],
    [
      ['status', '--yes'],
      "dcrflow: error [usage]: Unknown option '--yes' for 'dcrflow status'.",
      'dcrflow status --help',
    ],
    [['token', '--store'], "dcrflow: error [usage]: Option '--store' needs a value.", 'dcrflow token --help'],
    [
      ['token', 'extra'],
      "dcrflow: error [usage]: Unexpected argument 'extra': 'dcrflow token' takes only options.",
      'dcrflow token --help',
    ],
    [['token', '--json=yes'], "dcrflow: error [usage]: Option '--json' does not take a value.", 'dcrflow token --help'],
    [
      ['simulate', '--port', 'eighty'],
      "dcrflow: error [usage]: Option '--port' must be a whole number from 0 to 65535, got 'eighty'.",
      'dcrflow simulate --help',
    ],
    [
      ['token', '--timeout', '0'],
      "dcrflow: error [usage]: Option '--timeout' must be a whole number from 1 to 3600, got '0'.",
      'dcrflow token --help',
    ],
    [
      ['tokn'],
      "dcrflow: error [usage]: Unknown command 'tokn'.",
      'Commands: token, status, reset, simulate, demo, inspect.',
    ],
    [
      ['--frobnicate'],
      "dcrflow: error [usage]: Unknown option '--frobnicate': give a command first.",
      'dcrflow --help',
    ],
  ])('dcrflow %j', async (args, line, hint) => {
    const run = await runCli(home, args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const [first, second, ...rest] = errorLines(run.stderr);
    expect(first).toBe(line);
    expect(second).toMatch(/^hint: /);
    expect(second).toContain(hint);
    expect(rest).toEqual([]);
  });

  it('prints the overview on stderr and exits 2 without a command', async () => {
    const run = await runCli(home, []);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Usage: dcrflow <command> [options]');
  });

  it('reports usage errors as JSON on stdout too with --json', async () => {
    const run = await runCli(home, ['token', '--json', '--bogus']);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toEqual({
      error: {
        code: 'usage',
        message: "Unknown option '--bogus' for 'dcrflow token'.",
        exitCode: 2,
        hint: "Run 'dcrflow token --help' for usage.",
      },
    });
  });
});

describe('configuration errors exit 5', () => {
  it('says how to give a software statement when none is given', async () => {
    const run = await runCli(home, ['token', '--base-url', sim.url]);
    expect(run.code).toBe(5);
    expect(errorLines(run.stderr)).toEqual([
      'dcrflow: error [configuration]: No software statement was given.',
      'hint: Pass --software-statement <jwt> or --software-statement-file <path>, or set DCRFLOW_SOFTWARE_STATEMENT.',
    ]);
    expect(sim.simulator.stats().requests.total).toBe(0);
  });

  it('rejects a malformed statement and a bad base URL before any request, without echoing the statement', async () => {
    const secretish = 'this-is-not-a-jwt-but-could-be-a-secret';
    const notJwt = await runCli(home, ['token', '--base-url', sim.url, '--software-statement', secretish]);
    expect(notJwt.code).toBe(5);
    expect(notJwt.stderr).toContain('[configuration]: The software statement from --software-statement is not a JWT');
    expect(notJwt.stderr).not.toContain(secretish);

    const badUrl = await runCli(home, ['token', '--software-statement', statement], {
      env: { DCRFLOW_BASE_URL: 'not a url' },
    });
    expect(badUrl.code).toBe(5);
    expect(errorLines(badUrl.stderr)[0]).toBe(
      'dcrflow: error [configuration]: The base URL from DCRFLOW_BASE_URL is not a valid URL.',
    );
    expect(sim.simulator.stats().requests.total).toBe(0);
  });

  it('refuses both statement flags at once', async () => {
    const run = await runCli(home, ['token', '--software-statement', statement, '--software-statement-file', 'x']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Give either '--software-statement' or '--software-statement-file', not both.");
  });

  it('names a missing statement file', async () => {
    const run = await runCli(home, ['token', '--software-statement-file', 'missing.jwt']);
    expect(run.code).toBe(5);
    expect(run.stderr).toMatch(
      /Cannot read the software statement file .*missing\.jwt \(from --software-statement-file\): it does not exist\./,
    );
  });
});

describe('server problems', () => {
  it('exits 4 with a clear message when nothing listens at the base URL', async () => {
    const port = await closedPort();
    const run = await runCli(home, [
      'token',
      '--software-statement',
      statement,
      '--base-url',
      `http://127.0.0.1:${port}`,
    ]);
    expect(run.code).toBe(4);
    expect(run.stdout).toBe('');
    expect(errorLines(run.stderr)).toEqual([
      `dcrflow: error [transport]: Register request to http://127.0.0.1:${port}/o/client/register failed: no response was received (network error).`,
      `hint: Check that http://127.0.0.1:${port} is the right DCR server and is reachable (--base-url / DCRFLOW_BASE_URL).`,
    ]);
    expect(run.stderr).not.toContain(statement);
  });

  it('gives up on a network error at once: exactly one connection attempt, no background retries', async () => {
    // "Fast" was once `durationMs < 5000`, which a loaded machine broke (8.7 s for the spawn alone). What it meant
    // is "no retries": count them. This server accepts each connection and drops it, the same network error.
    let connections = 0;
    const dropper = createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => dropper.listen(0, '127.0.0.1', resolve));
    const { port } = dropper.address() as { port: number };
    try {
      const run = await runCli(home, [
        'token',
        '--software-statement',
        statement,
        '--base-url',
        `http://127.0.0.1:${port}`,
      ]);
      expect(run.code).toBe(4);
      expect(errorLines(run.stderr)[0]).toBe(
        `dcrflow: error [transport]: Register request to http://127.0.0.1:${port}/o/client/register failed: no response was received (network error).`,
      );
      expect(connections).toBe(1);
    } finally {
      await new Promise<void>((resolve) => dropper.close(() => resolve()));
    }
  });

  it('exits 3 with code revoked when the statement was revoked and nothing is cached', async () => {
    const env = { DCRFLOW_BASE_URL: sim.url, DCRFLOW_SOFTWARE_STATEMENT: statement };
    expect((await runCli(home, ['token'], { env })).code).toBe(0);
    sim.simulator.revokeSoftwareStatement(softwareId);
    const reset = await runCli(home, ['reset', '--yes'], { env });
    expect(reset.code).toBe(0);

    const run = await runCli(home, ['token'], { env });
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(errorLines(run.stderr)).toEqual([
      'dcrflow: error [revoked]: The software statement is revoked or invalid: Register request failed: the server answered 400 unapproved_software_statement.',
      'hint: Get a new software statement (TVE Dashboard; for the simulator, dcrflow simulate) and pass it with --software-statement.',
    ]);
    const json = await runCli(home, ['token', '--json'], { env });
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout).error).toMatchObject({ code: 'revoked', exitCode: 3 });
    expect(sim.simulator.stats().registrations.total).toBe(1);
  });

  it('exits 3 for a statement the server does not accept (another issuer)', async () => {
    const foreign = await startSimulator({ port: 0, throttle: false });
    try {
      const { software_statement: other } = await foreign.simulator.mintSoftwareStatement();
      const run = await runCli(home, ['token', '--base-url', sim.url, '--software-statement', other]);
      expect(run.code).toBe(3);
      expect(run.stderr).toContain('invalid_software_statement');
      expect(await credentialFiles(`${home}/.config/dcrflow`)).toHaveLength(0);
    } finally {
      await foreign.close();
    }
  });

  it('prints a stack only with DCRFLOW_DEBUG=1, and never the statement', async () => {
    const run = await runCli(home, ['token', '--software-statement-file', 'missing.jwt'], {
      env: { DCRFLOW_DEBUG: '1' },
    });
    expect(run.code).toBe(5);
    expect(run.stderr).toMatch(/CliError: Cannot read the software statement file[\s\S]*\n\s+at /);
    const quiet = await runCli(home, ['token', '--software-statement-file', 'missing.jwt']);
    expect(quiet.stderr).not.toMatch(/\n\s+at /);
  });
});
