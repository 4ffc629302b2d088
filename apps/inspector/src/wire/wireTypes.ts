// The wire format is @dcrflow/inspect's (inspect-wire.md); this module only names the parts the views use.
import type { WireEvent } from '@dcrflow/inspect';

export { WIRE_VERSION, type WireEvent } from '@dcrflow/inspect';

/** An event type and its (redacted) payload. */
export type WirePayload = Extract<WireEvent, { kind: 'event' }>['event'];

/** The snapshot part of a `snapshot` wire event. */
export type WireSnapshot = Extract<WireEvent, { kind: 'snapshot' }>['snapshot'];

/** A state node transition as a microstep reports it. */
export type WireTransition = Extract<WireEvent, { kind: 'microstep' }>['transitions'][number];
