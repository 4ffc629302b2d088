import type { ActorSystem } from 'xstate';
import type { LifecycleDeps } from './LifecycleDeps.ts';

// biome-ignore lint/suspicious/noExplicitAny: XState's own AnyActorSystem, which it does not export.
type AnyActorSystem = ActorSystem<any>;

// One entry per running client, keyed by its XState actor system (the root actor and every child it invokes or
// spawns share it). A WeakMap rather than context, input or events: the dependencies hold the vault and its secrets,
// and inspection exposes context, input and events (decision 0003). The entry goes when the client's actor does.
const registry = new WeakMap<AnyActorSystem, LifecycleDeps>();

/**
 * Hands one client's dependencies to the shared working actors: `createDcrClient` calls it right after
 * `createActor()` and before `start()`, because an actor's body runs only once the root actor has started.
 */
export function attachDeps(system: AnyActorSystem, deps: LifecycleDeps): void {
  registry.set(system, deps);
}

/**
 * The dependencies of the client that runs the actor system `system`. Throws when there are none — an actor
 * system started from the shared provided machine without `attachDeps`, i.e. a bug in dcrflow, never a user error.
 */
export function depsOf(system: AnyActorSystem): LifecycleDeps {
  const deps = registry.get(system);
  if (deps === undefined) {
    throw new Error(
      'dcrflow internal error: a lifecycle actor started in an actor system that createDcrClient() did not set up (no dependencies attached).',
    );
  }
  return deps;
}
