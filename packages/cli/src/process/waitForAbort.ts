/**
 * Resolves when `signal` aborts (Ctrl-C in `runProcess`); never resolves without a signal, so a long-running command
 * then runs until the process is killed.
 *
 * @example
 * ```ts
 * await waitForAbort(io.signal);
 * ```
 */
export function waitForAbort(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal === undefined) return;
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
