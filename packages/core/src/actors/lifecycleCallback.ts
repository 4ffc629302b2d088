import { fromCallback } from 'xstate';
import { classifyFailure } from '../machine/classifyFailure.ts';
import type { DcrEvent } from '../machine/types.ts';
import { depsOf } from './depsOf.ts';
import type { LifecycleDeps } from './LifecycleDeps.ts';

/** What the body of a lifecycle actor gets. */
export interface CallbackWork<TInput> {
  readonly input: TInput;
  /** The dependencies of the client whose machine invoked (or spawned) this actor. */
  readonly deps: LifecycleDeps;
  /** Aborted when the machine leaves the invoking state: pass it to every request. */
  readonly signal: AbortSignal;
  /** Sends an event to the machine unless the actor was stopped meanwhile. */
  readonly send: (event: DcrEvent) => void;
}

type FailureType = 'STORE.FAILED' | 'REGISTER.FAILED' | 'TOKEN.FAILED';

/** The failure event of `type` for `error`, with the clock reading and a jitter sample. */
export function failureEvent(type: FailureType, error: unknown, deps: LifecycleDeps): DcrEvent {
  const classified = classifyFailure(error, deps.vault.secrets());
  return { type, at: deps.clock.now(), ...classified, jitter: deps.random() };
}

/**
 * A `fromCallback` actor that runs one promise and reports its outcome as named events (`sendBack`), aborting its
 * request in the cleanup function when the machine leaves the state. Callback actors rather than promise actors so
 * that every result is a named event `xstate/graph` can traverse.
 *
 * The logic is created once per module and shared by every client (one provided machine for all: providing it per
 * client cost ~44 KB each); the client it works for is found through its actor system (`depsOf`).
 */
export function lifecycleCallback<TInput>(
  failureType: FailureType,
  work: (context: CallbackWork<TInput>) => Promise<void>,
) {
  return fromCallback<DcrEvent, TInput>(({ input, system, sendBack }) => {
    const deps = depsOf(system);
    const controller = new AbortController();
    const send = (event: DcrEvent) => {
      if (!controller.signal.aborted) sendBack(event);
    };
    work({ input, deps, signal: controller.signal, send }).catch((error: unknown) => {
      if (controller.signal.aborted) return;
      deps.onFailure(error);
      send(failureEvent(failureType, error, deps));
    });
    return () => controller.abort();
  });
}
