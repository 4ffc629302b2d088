import { type ChildProcess, spawn } from 'node:child_process';

export interface LongRunning<T> {
  /** The first stdout line, parsed as JSON (`--json` output of `dcrflow demo` / `dcrflow inspect`). */
  first: T;
  child: ChildProcess;
  /** Sends `signal` and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts a long-running command that prints one JSON line when it is ready. Rejects (with its stderr) when it exits
 * first or stays silent for `timeoutMs`.
 */
export function startLongRunning<T>(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<LongRunning<T>> {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async (signal: NodeJS.Signals = 'SIGINT') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} printed nothing within ${options.timeoutMs ?? 30_000} ms; stderr: ${err}`));
    }, options.timeoutMs ?? 30_000);
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const newline = out.indexOf('\n');
      if (newline === -1) return;
      clearTimeout(timer);
      try {
        resolve({ first: JSON.parse(out.slice(0, newline)) as T, child, stop });
      } catch (error) {
        child.kill('SIGKILL');
        reject(
          new Error(`${args.join(' ')} printed a first line that is not JSON: ${out.slice(0, newline)}`, {
            cause: error,
          }),
        );
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited early with ${code}; stderr: ${err}`));
    });
  });
}
