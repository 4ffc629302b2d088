import { InspectWireError } from '../errors/InspectWireError.ts';
import { checkWireEvent } from './parseWireEvent.ts';
import type { WireEvent } from './types.ts';

/**
 * Writes wire events as a JSONL recording: one JSON object per line, each line ending in `\n` (an empty list gives
 * an empty string). Every event is validated first, so what this writes {@link parseJsonl} reads back; a bad event
 * throws {@link InspectWireError} naming its 1-based line.
 *
 * @example
 * ```ts
 * import { memoryTransport, toJsonl } from '@dcrflow/inspect';
 * const memory = memoryTransport();
 * // … run the machine with createInspectorBridge({ transport: memory }) …
 * const blob = new Blob([toJsonl(memory.events())], { type: 'application/x-ndjson' });
 * ```
 */
export function toJsonl(events: Iterable<WireEvent>): string {
  let text = '';
  let lineNumber = 0;
  try {
    for (const event of events) {
      lineNumber++;
      let line: string | undefined;
      try {
        const checked = checkWireEvent(event);
        if (!checked.ok) {
          throw new InspectWireError(`Event ${lineNumber} is not a valid wire event: ${checked.problem}.`, {
            line: lineNumber,
          });
        }
        line = JSON.stringify(event);
      } catch (error) {
        if (InspectWireError.is(error)) throw error;
        throw new InspectWireError(`Event ${lineNumber} cannot be written as JSON (a cycle or a BigInt?).`, {
          line: lineNumber,
        });
      }
      text += `${line}\n`;
    }
  } catch (error) {
    if (InspectWireError.is(error)) throw error;
    throw new InspectWireError('The events to record could not be iterated.');
  }
  return text;
}
