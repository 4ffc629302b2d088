import { type RunningSimulator, startSimulator } from '@dcrflow/simulator/node';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EXIT_CODES, main } from '../src/index.ts';
import { memoryIo } from './support/memoryIo.ts';
import { tempHome } from './support/runCli.ts';

let sim: RunningSimulator;
let home: string;
let cleanup: () => Promise<void>;
let statement: string;

async function restart(options: Parameters<typeof startSimulator>[0]) {
  await sim?.close();
  sim = await startSimulator({ port: 0, throttle: false, ...options });
  ({ software_statement: statement } = await sim.simulator.mintSoftwareStatement());
}

beforeEach(async () => {
  await restart({});
  ({ home, cleanup } = await tempHome());
});

afterEach(async () => {
  await sim.close();
  await cleanup();
});

const env = () => ({ DCRFLOW_BASE_URL: sim.url, DCRFLOW_SOFTWARE_STATEMENT: statement });

describe('main() in-process', () => {
  it('draws a spinner on stderr only when stderr is a terminal, and erases it', async () => {
    const tty = memoryIo({ env: env(), homedir: home, isTTY: { stderr: true } });
    expect(await main(['token'], tty.io)).toBe(EXIT_CODES.ok);
    expect(tty.out()).toMatch(/^[\w.-]+\n$/);
    expect(tty.err()).toContain('\r⠋ Registering the client…\x1b[K');
    expect(tty.err()).toContain('Requesting an access token…');
    expect(tty.err().endsWith('\r\x1b[K')).toBe(true);

    await restart({});
    const piped = memoryIo({ env: env(), homedir: home, isTTY: { stderr: false } });
    expect(await main(['token'], piped.io)).toBe(EXIT_CODES.ok);
    expect(piped.err()).toBe('');
  });

  it('waits out a 429 (at least 1 s) and succeeds, showing the wait on a terminal', async () => {
    sim.simulator.injectFault({ kind: 'throttle', endpoint: 'token', count: 1 });
    const { io, out, err } = memoryIo({ env: env(), homedir: home, isTTY: { stderr: true } });
    const started = performance.now();
    expect(await main(['token'], io)).toBe(EXIT_CODES.ok);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1000);
    expect(out()).toMatch(/^[\w.-]+\n$/);
    expect(err()).toContain('Throttled by the server; waiting before retrying…');
    expect(sim.simulator.stats().requests.token).toBe(2);
  });

  it('gives up after --timeout on a server that keeps failing: exit 4 with the server error', async () => {
    sim.simulator.injectFault({ kind: 'error', endpoint: 'register', status: 503, count: 100 });
    const { io, err } = memoryIo({ env: env(), homedir: home });
    const started = performance.now();
    expect(await main(['token', '--timeout', '2'], io)).toBe(EXIT_CODES.unavailable);
    // --timeout is real time, so this one measures it, with room for a loaded machine: without the timeout the 100
    // failures (with backoff between them) would take far longer, and they were not all spent.
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(sim.simulator.stats().requests.register).toBeLessThan(100);
    expect(err()).toMatch(
      /^dcrflow: error \[server\]: .*503.*\nhint: The DCR server had a problem: try again later\.\n$/,
    );
  });

  it('stops cleanly on Ctrl-C while a request hangs: exit 130', async () => {
    // The request hangs for a minute; the run must end long before that (generous bound: a loaded machine).
    sim.simulator.injectFault({ kind: 'delay', endpoint: 'register', delayMs: 60_000 });
    const controller = new AbortController();
    const { io, out, err } = memoryIo({
      env: env(),
      homedir: home,
      signal: controller.signal,
      isTTY: { stderr: true },
    });
    const started = performance.now();
    const running = main(['token'], io);
    // Ctrl-C once the register request is under way (the spinner says so), not after a guessed 300 ms.
    await vi.waitUntil(() => err().includes('Registering the client…'), { timeout: 20_000, interval: 5 });
    controller.abort();
    expect(await running).toBe(EXIT_CODES.interrupted);
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(out()).toBe('');
    expect(err().endsWith('\r\x1b[Kdcrflow: error [interrupted]: Interrupted.\n')).toBe(true);
  });

  // Both runs share one clock that the test moves: the second run happens "57 minutes later" (1 h tokens, lead
  // capped at 5 min, so the cached token is valid for 3 more minutes but due for refresh) without waiting. These once
  // used 3 s tokens and a 2.5 s sleep, which a loaded machine could stretch past the token's expiry.
  const TTL_SECONDS = 3600;
  const INSIDE_REFRESH_WINDOW_MS = 57 * 60 * 1000;

  it('refreshes a token inside its refresh window before printing it', async () => {
    await restart({ tokenTtlSeconds: TTL_SECONDS });
    let offset = 0;
    const now = () => Date.now() + offset;
    const first = memoryIo({ env: env(), homedir: home, now });
    expect(await main(['token', '--json'], first.io)).toBe(EXIT_CODES.ok);
    const cached = JSON.parse(first.out()) as { accessToken: string; expiresAt: number };
    offset = INSIDE_REFRESH_WINDOW_MS;

    const second = memoryIo({ env: env(), homedir: home, isTTY: { stderr: true }, now });
    expect(await main(['token', '--json'], second.io)).toBe(EXIT_CODES.ok);
    const token = JSON.parse(second.out()) as { accessToken: string; expiresAt: number };
    expect(token.accessToken).not.toBe(cached.accessToken);
    expect(token.expiresAt).toBeGreaterThan(cached.expiresAt);
    expect(second.err()).toContain('Refreshing the access token…');
    expect(sim.simulator.stats().registrations.total).toBe(1);
    expect(sim.simulator.stats().tokens.total).toBe(2);
  });

  it('prints the still-valid cached token with a warning when the refresh in its window fails', async () => {
    await restart({ tokenTtlSeconds: TTL_SECONDS });
    let offset = 0;
    const now = () => Date.now() + offset;
    const first = memoryIo({ env: env(), homedir: home, now });
    expect(await main(['token'], first.io)).toBe(EXIT_CODES.ok);
    offset = INSIDE_REFRESH_WINDOW_MS;
    sim.simulator.injectFault({ kind: 'reset', endpoint: 'token', count: 1 });

    const second = memoryIo({ env: env(), homedir: home, now });
    expect(await main(['token'], second.io)).toBe(EXIT_CODES.ok);
    expect(second.out()).toBe(first.out());
    expect(second.err()).toBe(
      'dcrflow: warning: the token refresh did not complete; printing the cached token, which is still valid.\n',
    );
    expect(sim.simulator.stats().requests.token).toBe(2);
  });

  it('keeps a rejected software statement out of every output', async () => {
    // A statement with the right shape that this simulator did not sign: the error path runs with it in context.
    const { io, out, err } = memoryIo({
      env: { ...env(), DCRFLOW_SOFTWARE_STATEMENT: `${statement.slice(0, -4)}AAAA` },
      homedir: home,
    });
    expect(await main(['token', '--json'], io)).toBe(EXIT_CODES.revoked);
    expect(err()).not.toContain(statement.slice(0, 40));
    expect(out()).not.toContain(statement.slice(0, 40));
  });
});
