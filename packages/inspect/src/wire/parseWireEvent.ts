import { InspectWireError } from '../errors/InspectWireError.ts';
import { describeIssues, describeType } from './describeIssues.ts';
import { WIRE_VERSION, type WireEvent } from './types.ts';
import { wireEventSchema } from './wireEventSchema.ts';

/**
 * Why `value` is not a wire event, as a clause (`seq: expected an integer, got a string`), or the event itself.
 * Shared by {@link parseWireEvent} and `parseJsonl`, which words the sentence around the clause differently.
 */
export function checkWireEvent(value: unknown): { ok: true; event: WireEvent } | { ok: false; problem: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, problem: `expected a JSON object, got ${describeType(value)}` };
  }
  const version = (value as { v?: unknown }).v;
  if (typeof version === 'number' && version !== WIRE_VERSION) {
    return {
      ok: false,
      problem: `it is wire format version ${Number.isFinite(version) ? version : describeType(version)}, and this build reads version ${WIRE_VERSION} only`,
    };
  }
  const result = wireEventSchema.safeParse(value);
  if (!result.success) return { ok: false, problem: describeIssues(result.error.issues, value) };
  const event = result.data as WireEvent;
  // zod keeps an explicit `error: undefined`; JSON would drop it, so the parsed event does too.
  if (event.kind === 'snapshot' && 'error' in event.snapshot && event.snapshot.error === undefined) {
    delete event.snapshot.error;
  }
  return { ok: true, event };
}

/**
 * Validates one wire event (docs/inspector.md, "Wire format"): either the parsed JSON value of a socket frame or a
 * recording line, or the JSON text itself. Unknown top-level fields are dropped; event payloads are kept as sent.
 * Throws {@link InspectWireError} — and nothing else, whatever the input — with a sentence naming the fields that
 * do not fit, by path and JSON type only (never by value).
 *
 * @example
 * ```ts
 * import { parseWireEvent } from '@dcrflow/inspect';
 * socket.addEventListener('message', (message) => {
 *   const event = parseWireEvent(message.data); // a string frame is parsed as JSON first
 *   if (event.kind === 'snapshot') render(event.snapshot.value);
 * });
 * ```
 */
export function parseWireEvent(json: unknown): WireEvent {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch {
      // The SyntaxError quotes the text; it stays out of the message and the cause (it may hold a payload).
      throw new InspectWireError('Wire event is not valid JSON.');
    }
  }
  let checked: ReturnType<typeof checkWireEvent>;
  try {
    checked = checkWireEvent(value);
  } catch {
    // Getters that throw, revoked proxies and the like: not data a producer could have sent.
    throw new InspectWireError('Wire event could not be read: it is not plain JSON data.');
  }
  if (!checked.ok) throw new InspectWireError(`Wire event is invalid: ${checked.problem}.`);
  return checked.event;
}
