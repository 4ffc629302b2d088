import { InspectWireError } from '../errors/InspectWireError.ts';
import { describeType } from './describeIssues.ts';
import { checkWireEvent } from './parseWireEvent.ts';
import type { WireEvent } from './types.ts';

/**
 * Reads a JSONL recording: one wire event per line, in the order written. Blank lines (a trailing newline, a
 * hand-edited gap), `\r\n` line ends and a UTF-8 byte-order mark are accepted. The first problem throws an
 * {@link InspectWireError} whose message and `line` give the 1-based line number; nothing else is ever thrown.
 *
 * @example
 * ```ts
 * import { parseJsonl } from '@dcrflow/inspect';
 * const events = parseJsonl(await file.text());
 * console.log(`${events.length} events from ${new Set(events.map((e) => e.sessionId)).size} sessions`);
 * ```
 */
export function parseJsonl(text: string): WireEvent[] {
  if (typeof text !== 'string') {
    throw new InspectWireError(`A recording must be JSONL text, got ${describeType(text)}.`);
  }
  const lines = text.split('\n');
  const events: WireEvent[] = [];
  for (let index = 0; index < lines.length; index++) {
    const lineNumber = index + 1;
    let line = lines[index] as string;
    if (index === 0 && line.startsWith('\uFEFF')) line = line.slice(1);
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new InspectWireError(`Recording line ${lineNumber} is not valid JSON.`, { line: lineNumber });
    }
    let checked: ReturnType<typeof checkWireEvent>;
    try {
      checked = checkWireEvent(value);
    } catch {
      // JSON.parse output is plain data, so this is only a guard for the impossible.
      throw new InspectWireError(`Recording line ${lineNumber} could not be read.`, { line: lineNumber });
    }
    if (!checked.ok) {
      throw new InspectWireError(`Recording line ${lineNumber} is not a valid wire event: ${checked.problem}.`, {
        line: lineNumber,
      });
    }
    events.push(checked.event);
  }
  return events;
}
