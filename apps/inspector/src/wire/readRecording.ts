import { parseWireEvent } from '@dcrflow/inspect';
import type { WireEvent } from './wireTypes.ts';

/** A line of a recording that could not be read. */
export interface RecordingProblem {
  /** 1-based line number. */
  readonly line: number;
  readonly message: string;
}

/** What {@link readRecording} read. */
export interface Recording {
  readonly events: WireEvent[];
  readonly problems: RecordingProblem[];
}

/**
 * Reads a JSONL recording (one wire event per line, inspect-wire.md) leniently: @dcrflow/inspect's `parseJsonl`
 * stops at the first bad line, but a viewer should show what it can — a bad line is reported and skipped, so one
 * damaged line does not lose a whole recording. Each line is validated with `parseWireEvent`.
 *
 * @example
 * ```ts
 * const { events, problems } = readRecording(await file.text());
 * ```
 */
export function readRecording(text: string): Recording {
  const events: WireEvent[] = [];
  const problems: RecordingProblem[] = [];
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    let line = lines[index] ?? '';
    if (index === 0 && line.startsWith('\uFEFF')) line = line.slice(1);
    if (line.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      problems.push({ line: index + 1, message: 'The line is not valid JSON.' });
      continue;
    }
    try {
      events.push(parseWireEvent(json));
    } catch (error) {
      problems.push({
        line: index + 1,
        message: error instanceof Error ? error.message : 'The line is not a wire event.',
      });
    }
  }
  return { events, problems };
}
