import { readRecording } from '../wire/readRecording.ts';
import { createEventLog, type EventLog } from './createEventLog.ts';
import type { InspectorSource } from './InspectorSource.ts';

/**
 * A source over a JSONL recording (inspect-wire.md): all events at once, nothing live. Bad lines are skipped and
 * reported in the status message.
 *
 * @example
 * ```ts
 * const source = createRecordingSource(await file.text(), file.name);
 * ```
 */
export function createRecordingSource(
  text: string,
  name: string,
  schedule?: (flush: () => void) => void,
): InspectorSource {
  const { events, problems } = readRecording(text);
  const first = problems[0];
  const skipped =
    first === undefined
      ? ''
      : ` ${problems.length} line${problems.length === 1 ? '' : 's'} skipped (line ${first.line}: ${first.message})`;
  const log: EventLog = createEventLog({
    status: {
      state: events.length === 0 ? 'error' : 'closed',
      message:
        events.length === 0
          ? `${name} holds no wire events.${skipped}`
          : `Recording ${name}: ${events.length.toLocaleString('en')} events.${skipped}`,
    },
    ...(schedule === undefined ? {} : { schedule }),
  });
  log.append(events);
  const last = events.at(-1);
  return {
    kind: 'recording',
    label: name,
    live: false,
    subscribe: log.subscribe,
    snapshot: log.snapshot,
    // A recording's "now" is its last moment, so countdowns read as they did when it ended.
    now: () => last?.at ?? Date.now(),
    close: log.dispose,
  };
}
