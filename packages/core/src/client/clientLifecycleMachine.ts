import { loadStore } from '../actors/loadStore.ts';
import { recordLoss } from '../actors/recordLoss.ts';
import { registerClient } from '../actors/registerClient.ts';
import { requestToken } from '../actors/requestToken.ts';
import { syncStore } from '../actors/syncStore.ts';
import { dcrLifecycleMachine } from '../machine/dcrLifecycleMachine.ts';

/**
 * `dcrLifecycleMachine` with the working actors, provided once for every client. `provide()` builds a whole new
 * state-node tree (~44 KB of heap), so doing it per client made idle clients cost ~60 KB each; the actors find
 * their client's store, HTTP client and vault through the actor system instead (`attachDeps` / `depsOf`), which
 * keeps those out of context, input and events (decision 0003). Internal: the exported machine stays inert.
 */
export const clientLifecycleMachine = /* @__PURE__ */ dcrLifecycleMachine.provide({
  actors: { loadStore, registerClient, requestToken, recordLoss, syncStore },
});
