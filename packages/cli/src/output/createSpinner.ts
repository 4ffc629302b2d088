import type { TextSink } from '../CliIo.ts';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * A one-line progress indicator.
 *
 * @example
 * ```ts
 * const spinner = createSpinner(process.stderr, process.stderr.isTTY === true);
 * spinner.update('Registering the client…');
 * spinner.stop();
 * ```
 */
export interface Spinner {
  /** Shows `text` next to the spinner (starts it on first call). */
  update(text: string): void;
  /** Erases the line and stops the timer. Idempotent. */
  stop(): void;
}

/**
 * A small spinner redrawn in place with `\r` on a terminal. When `enabled` is false (stderr is not a TTY) it writes
 * nothing, so pipes and log files never collect control characters.
 *
 * @example
 * ```ts
 * const spinner = createSpinner(io.stderr, io.isTTY.stderr);
 * try { spinner.update('Requesting a token…'); await work(); } finally { spinner.stop(); }
 * ```
 */
export function createSpinner(stream: TextSink, enabled: boolean, intervalMs = 80): Spinner {
  let text = '';
  let frame = 0;
  let timer: ReturnType<typeof setInterval> | undefined;
  const draw = () => {
    stream.write(`\r${FRAMES[frame % FRAMES.length]} ${text}\x1b[K`);
    frame += 1;
  };
  return {
    update(next) {
      if (!enabled) return;
      text = next;
      draw();
      if (timer === undefined) {
        timer = setInterval(draw, intervalMs);
        // A forgotten spinner must never keep the process alive.
        timer.unref?.();
      }
    },
    stop() {
      if (timer === undefined) return;
      clearInterval(timer);
      timer = undefined;
      stream.write('\r\x1b[K');
    },
  };
}
