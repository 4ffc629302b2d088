import type { CliIo } from '../../src/CliIo.ts';

/** An in-memory {@link CliIo} for calling `main()` in-process; `out()` / `err()` read what was written. */
export function memoryIo(overrides: Partial<CliIo> = {}) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: CliIo = {
    stdout: { write: (text: string) => stdout.push(text) },
    stderr: { write: (text: string) => stderr.push(text) },
    ...overrides,
  };
  return { io, out: () => stdout.join(''), err: () => stderr.join('') };
}
