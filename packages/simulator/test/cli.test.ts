import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../src/node/cli.ts', import.meta.url));

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function run(args: string[]): Run {
  const child = spawn(process.execPath, ['--conditions=@dcrflow/source', CLI, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  return { child, stdout: () => stdout, stderr: () => stderr, exit };
}

/** Resolves with the listening URL, or rejects when the process exits or 15 s pass first. */
async function listeningUrl(cli: Run): Promise<string> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const match = /^DCR simulator listening on (http:\/\/\S+)$/m.exec(cli.stdout());
    if (match?.[1]) return match[1];
    if (cli.child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  cli.child.kill('SIGKILL');
  throw new Error(`The CLI did not start: ${cli.stdout()} ${cli.stderr()}`);
}

describe('dcrflow-simulator CLI', () => {
  it('prints its URL, serves requests, and exits 0 on SIGTERM', async () => {
    // A refill of one request per 1,000 s: however slow a loaded machine makes the four requests below, none is
    // refilled (with 2/s, four requests spread over > 0.5 s got four 400s and failed CI).
    const cli = run(['--port', '0', '--token-ttl', '120', '--throttle-rate', '0.001', '--throttle-burst', '3']);
    const url = await listeningUrl(cli);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const minted = await fetch(`${url}/admin/software-statements`, { method: 'POST' });
    expect(minted.status).toBe(201);
    // The flags reached the simulator: a burst of 3, then 429.
    const statuses: number[] = [];
    for (let index = 0; index < 4; index += 1) {
      statuses.push((await fetch(`${url}/o/client/token`, { method: 'POST' })).status);
    }
    expect(statuses).toEqual([400, 400, 400, 429]);
    cli.child.kill('SIGTERM');
    expect(await cli.exit).toEqual({ code: 0, signal: null });
    await expect(fetch(`${url}/admin/stats`)).rejects.toThrow();
  });

  it('exits 0 on SIGINT too, and --no-throttle disables throttling', async () => {
    const cli = run(['--no-throttle']);
    const url = await listeningUrl(cli);
    for (let index = 0; index < 15; index += 1) {
      expect((await fetch(`${url}/o/client/token`, { method: 'POST' })).status).toBe(400);
    }
    cli.child.kill('SIGINT');
    expect(await cli.exit).toEqual({ code: 0, signal: null });
  });

  it('prints usage for --help and exits 0', async () => {
    const cli = run(['--help']);
    expect(await cli.exit).toEqual({ code: 0, signal: null });
    expect(cli.stdout()).toContain('Usage: dcrflow-simulator');
    expect(cli.stdout()).toContain('--no-throttle');
  });

  it('refuses unknown flags and bad numbers with exit code 2', async () => {
    for (const args of [['--bogus'], ['--port', 'eighty'], ['--token-ttl', '0'], ['--port', '70000']]) {
      const cli = run(args);
      expect(await cli.exit, args.join(' ')).toEqual({ code: 2, signal: null });
      expect(cli.stderr()).toContain('dcrflow-simulator:');
    }
  });
});
