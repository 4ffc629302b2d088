import type { WireTransition } from '../wire/wireTypes.ts';

/** One micro-step as the "last step" strip reads it. */
export interface StepPart {
  /** State path without the machine id, e.g. `registering.requesting`. */
  readonly from: string;
  readonly to: string;
  /** What triggered it: the event type, `always`, `onDone` or `after <delay>`. */
  readonly via: string;
  readonly guard: string | null;
}

/** `dcr.registering.requesting` → `registering.requesting` (the machine's own id adds nothing on its own chart). */
const shortId = (id: string) => {
  const plain = id.replace(/^#/, '');
  const dot = plain.indexOf('.');
  return dot < 0 ? plain : plain.slice(dot + 1);
};

function trigger(eventType: string): string {
  if (eventType === '') return 'always';
  if (eventType.startsWith('xstate.done.state.')) return 'onDone';
  // xstate.after.<delay>.<state id>
  const after = /^xstate\.after\.([^.]+)\./.exec(eventType);
  if (after !== null) return `after ${after[1]}`;
  return eventType;
}

/**
 * The micro-steps of one event in the order XState took them, each as from → to with what triggered it: an event
 * with an `always` or `onDone` chain reads as several parts. Pure.
 *
 * @example
 * ```ts
 * describeStep([{ source: 'dcr.loading.reading', targets: ['dcr.unregistered'], eventType: 'STORE.EMPTY' },
 *               { source: 'dcr.unregistered', targets: ['dcr.registering'], eventType: '', guard: 'hasSoftwareStatement' }]);
 * // [{ from: 'loading.reading', to: 'unregistered', via: 'STORE.EMPTY', guard: null },
 * //  { from: 'unregistered', to: 'registering', via: 'always', guard: 'hasSoftwareStatement' }]
 * ```
 */
export function describeStep(transitions: readonly WireTransition[]): StepPart[] {
  return transitions.map((t) => ({
    from: shortId(t.source),
    to: t.targets.length === 0 ? shortId(t.source) : t.targets.map(shortId).join(', '),
    via: trigger(t.eventType),
    guard: t.guard ?? null,
  }));
}
