import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Absolute path of a script in test/fixtures. */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
}

/**
 * Starts a TypeScript fixture in a separate Node process (the same Node as the test runner, resolving workspace
 * packages to their sources).
 */
export function spawnFixture(
  name: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; uid?: number; gid?: number } = {},
): ChildProcess {
  return spawn(process.execPath, ['--conditions=@dcrflow/source', '--no-warnings', fixture(name), ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, ...options.env },
    ...(options.uid === undefined ? {} : { uid: options.uid }),
    ...(options.gid === undefined ? {} : { gid: options.gid }),
  });
}

/** Resolves with each complete stdout line of a child as it arrives. */
export function lines(child: ChildProcess, onLine: (line: string) => void): void {
  let buffer = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let index = buffer.indexOf('\n');
    while (index >= 0) {
      const line = buffer.slice(0, index);
      buffer = buffer.slice(index + 1);
      if (line.trim() !== '') onLine(line);
      index = buffer.indexOf('\n');
    }
  });
}

/** Waits for the first stdout line matching `predicate` (rejects when the child exits first or after `ms`). */
export function waitForLine(child: ChildProcess, predicate: (line: string) => boolean, ms = 15_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no matching output from the child within ${ms} ms`)), ms);
    const onExit = (code: number | null, signal: string | null) => {
      clearTimeout(timer);
      reject(new Error(`the child exited (${code ?? signal}) before the expected output`));
    };
    child.once('exit', onExit);
    lines(child, (line) => {
      if (predicate(line)) {
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve(line);
      }
    });
  });
}

/** Waits until the child has exited; returns its exit code or signal. */
export function exited(child: ChildProcess): Promise<number | string> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  if (child.signalCode !== null) return Promise.resolve(child.signalCode);
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
}
