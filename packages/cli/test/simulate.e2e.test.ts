import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, runCli, tempHome } from './support/runCli.ts';

let home: string;
let cleanup: () => Promise<void>;
let child: ChildProcessWithoutNullStreams | undefined;

beforeEach(async () => {
  ({ home, cleanup } = await tempHome());
});
afterEach(async () => {
  if (child !== undefined && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = undefined;
  await cleanup();
});

/** Starts `dcrflow simulate …` and resolves once stdout contains `until` (bounded by a timeout). */
function startSimulate(args: readonly string[], until: RegExp) {
  const spawned = spawn(process.execPath, ['--conditions=@dcrflow/source', BIN, 'simulate', ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: home },
  });
  child = spawned;
  const output = { stdout: '', stderr: '' };
  spawned.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output.stdout += chunk;
  });
  spawned.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    output.stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => spawned.once('close', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`simulate did not print ${until} in time: ${output.stderr}`)),
      15_000,
    );
    const check = () => {
      if (until.test(output.stdout)) {
        clearTimeout(timer);
        resolve();
      }
    };
    spawned.stdout.on('data', check);
    spawned.once('close', () => {
      clearTimeout(timer);
      reject(new Error(`simulate exited early: ${output.stderr}`));
    });
  });
  return { spawned, output, ready, exited };
}

describe('dcrflow simulate', () => {
  it('prints a URL that answers and a statement that works with token; Ctrl-C stops it cleanly', async () => {
    const sim = startSimulate(['--no-throttle'], /Press Ctrl-C to stop\./);
    await sim.ready;
    const url = /^DCR simulator listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(sim.output.stdout)?.[1];
    expect(url).toBeDefined();
    const statement = /^ {2}export DCRFLOW_SOFTWARE_STATEMENT=(\S+)$/m.exec(sim.output.stdout)?.[1];
    expect(statement).toBeDefined();

    const stats = await fetch(`${url}/admin/stats`);
    expect(stats.status).toBe(200);
    expect(((await stats.json()) as { requests: { total: number } }).requests.total).toBe(0);

    const token = await runCli(home, ['token'], {
      env: { DCRFLOW_BASE_URL: url!, DCRFLOW_SOFTWARE_STATEMENT: statement! },
    });
    expect(token.code).toBe(0);
    expect(token.stdout).toMatch(/^[A-Za-z0-9._-]+\n$/);
    // The request log on stderr shows the registration and the token request.
    await expect.poll(() => sim.output.stderr, { timeout: 5000 }).toMatch(/POST \/o\/client\/token → 201/);
    expect(sim.output.stderr).toMatch(/POST \/o\/client\/register → 201/);

    sim.spawned.kill('SIGINT');
    expect(await sim.exited).toBe(0);
    expect(sim.output.stderr).toContain('Simulator stopped.');
    await expect(fetch(`${url}/admin/stats`)).rejects.toThrow();
  });

  it('with --json prints one line with url and softwareStatement, honouring --port and --token-ttl', async () => {
    const { createServer } = await import('node:net');
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    const sim = startSimulate(['--json', '--port', String(port), '--token-ttl', '120'], /\n/);
    await sim.ready;
    const line = JSON.parse(sim.output.stdout) as Record<string, unknown>;
    expect(line).toMatchObject({
      url: `http://127.0.0.1:${port}`,
      tokenTtlSeconds: 120,
      throttle: { ratePerSecond: 1, burst: 10 },
    });
    expect(line.softwareStatement).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

    const token = await runCli(home, ['token', '--json'], {
      env: { DCRFLOW_BASE_URL: line.url as string, DCRFLOW_SOFTWARE_STATEMENT: line.softwareStatement as string },
    });
    const { expiresAt } = JSON.parse(token.stdout) as { expiresAt: number };
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(120_000);
    expect(expiresAt - Date.now()).toBeGreaterThan(100_000);

    sim.spawned.kill('SIGTERM');
    expect(await sim.exited).toBe(0);
  });

  it('reports a port in use as one clear line', async () => {
    const first = startSimulate(['--json'], /\n/);
    await first.ready;
    const { port } = new URL((JSON.parse(first.output.stdout) as { url: string }).url);
    const second = await runCli(home, ['simulate', '--port', port]);
    expect(second.code).toBe(1);
    expect(second.stderr.trimEnd().split('\n')).toEqual([
      `dcrflow: error [address_in_use]: Port ${port} on 127.0.0.1 is already in use.`,
      'hint: Pass another --port, or --port 0 for any free port.',
    ]);
    first.spawned.kill('SIGINT');
    expect(await first.exited).toBe(0);
  });
});
