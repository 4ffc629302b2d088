import { createInterface } from 'node:readline';
import type { ResolvedIo } from '../resolveIo.ts';

/**
 * Asks a yes/no question on the terminal: the question on stderr (stdout stays clean for `--json`), one line from
 * stdin. Only `y` / `yes` (any case) confirm; end of input or Ctrl-C is a no.
 *
 * @example
 * ```ts
 * if (!(await confirm(io, 'Delete the cached credentials?'))) return EXIT_CODES.failure;
 * ```
 */
export async function confirm(io: ResolvedIo, question: string): Promise<boolean> {
  const stdin = io.stdin;
  if (stdin === undefined) return false;
  io.stderr.write(`${question} [y/N] `);
  const reader = createInterface({ input: stdin, terminal: false });
  try {
    const answer = await new Promise<string | null>((resolve) => {
      reader.once('line', (line) => resolve(line));
      reader.once('close', () => resolve(null));
      io.signal?.addEventListener('abort', () => resolve(null), { once: true });
    });
    if (answer === null) io.stderr.write('\n');
    return answer !== null && /^\s*y(es)?\s*$/i.test(answer);
  } finally {
    reader.close();
  }
}
