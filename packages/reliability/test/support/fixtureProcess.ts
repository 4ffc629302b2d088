import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A TypeScript fixture (test/fixtures) running in its own Node process, with its stdout split into lines. */
export interface FixtureProcess {
  readonly child: ChildProcess;
  /** Every complete stdout line so far. */
  readonly lines: string[];
  /** Resolves with the first line (already received or future) matching `predicate`; rejects when the child exits first. */
  waitForLine(predicate: (line: string) => boolean, timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code or signal once the child has exited and its stdout is drained. */
  readonly exited: Promise<number | string>;
}

/**
 * Starts `test/fixtures/<name>` on the test runner's Node, resolving workspace packages to their sources. `env` is
 * added to the runner's environment (e.g. NODE_COMPILE_CACHE, which makes the 200 writer starts several times faster).
 */
export function startFixture(name: string, args: readonly string[], env: Record<string, string> = {}): FixtureProcess {
  const file = fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
  const child = spawn(process.execPath, ['--conditions=@dcrflow/source', '--no-warnings', file, ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
  const lines: string[] = [];
  const waiters = new Set<(line: string) => void>();
  let buffer = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    let index = buffer.indexOf('\n');
    while (index >= 0) {
      const line = buffer.slice(0, index);
      buffer = buffer.slice(index + 1);
      lines.push(line);
      for (const waiter of [...waiters]) waiter(line);
      index = buffer.indexOf('\n');
    }
  });
  const exited = new Promise<number | string>((resolve) => {
    child.once('close', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  return {
    child,
    lines,
    exited,
    // Generous: a start-up on a loaded machine (writers started ahead compete for the CPU) took over 20 s.
    waitForLine(predicate, timeoutMs = 90_000) {
      const seen = lines.find(predicate);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const waiter = (line: string) => {
          if (!predicate(line)) return;
          cleanup();
          resolve(line);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`${name}: no matching line within ${timeoutMs} ms`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(waiter);
        };
        waiters.add(waiter);
        void exited.then((status) => {
          if (!waiters.has(waiter)) return;
          cleanup();
          reject(new Error(`${name} exited (${status}) before the expected line`));
        });
      });
    },
  };
}
