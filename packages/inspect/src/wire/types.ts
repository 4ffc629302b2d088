/**
 * Version of the inspection wire format this build writes and reads. Bumped only for incompatible changes; every
 * event carries it as `v` so a viewer can refuse a stream it does not understand.
 *
 * @example
 * ```ts
 * import { WIRE_VERSION } from '@dcrflow/inspect';
 * if (event.v !== WIRE_VERSION) console.warn('recording from another version');
 * ```
 */
export const WIRE_VERSION = 1;

/** Fields every wire event carries. */
interface WireBase {
  v: 1;
  /** Per session, from 0. */
  seq: number;
  /** Epoch ms, producer clock. */
  at: number;
  sessionId: string;
  /** XState sessionId of the actor. */
  actorId: string;
}

/**
 * One inspection event as it travels between a producer (the bridge, the relay) and a viewer (the inspector app),
 * and as one line of a JSONL recording. Payloads (`event`, `context`, `data`) are redacted before they are built.
 *
 * @example
 * ```ts
 * import type { WireEvent } from '@dcrflow/inspect';
 * function stateOf(event: WireEvent): unknown {
 *   return event.kind === 'snapshot' ? event.snapshot.value : undefined;
 * }
 * ```
 */
export type WireEvent =
  | (WireBase & {
      kind: 'actor';
      parentId: string | null;
      systemId: string | null;
      /** machine.toJSON() (XState StateMachine definition JSON) when the actor is a state machine; null otherwise */
      definition: unknown | null;
      /** Machine id or actor src. */
      name: string;
    })
  | (WireBase & {
      kind: 'event';
      sourceId: string | null;
      event: { type: string; [k: string]: unknown } /* redacted */;
    })
  | (WireBase & {
      kind: 'snapshot';
      /** The event that caused it, redacted. */
      event: { type: string; [k: string]: unknown };
      snapshot: {
        /** StateValue. */
        value: unknown;
        status: 'active' | 'done' | 'error' | 'stopped';
        /** Redacted. */
        context: unknown;
        error?: unknown;
      };
    })
  | (WireBase & {
      kind: 'microstep';
      event: { type: string; [k: string]: unknown };
      transitions: Array<{
        source: string /* state node id */;
        targets: string[];
        eventType: string;
        /**
         * Name of the guard that let the transition through, `null` for an unguarded transition (format 1.1,
         * optional: older producers omit it, as does any producer for an inline guard function; older viewers ignore
         * it). Tells apart transitions that differ only by guard.
         */
        guard?: string | null;
      }>;
    })
  | (WireBase & {
      kind: 'meta';
      label: string;
      /** E.g. `{ note: 'recording started' }`, teaching-scenario markers. */
      data: unknown;
    });

/**
 * The `kind` discriminator of a {@link WireEvent}.
 *
 * @example
 * ```ts
 * import type { WireEventKind } from '@dcrflow/inspect';
 * const shown: WireEventKind[] = ['event', 'snapshot'];
 * ```
 */
export type WireEventKind = WireEvent['kind'];
