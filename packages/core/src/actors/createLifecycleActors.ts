import type { LifecycleDeps } from './LifecycleDeps.ts';
import { loadStore } from './loadStore.ts';
import { recordLoss } from './recordLoss.ts';
import { registerClient } from './registerClient.ts';
import { requestToken } from './requestToken.ts';
import { syncStore } from './syncStore.ts';

/** The working actors of one client, for `dcrLifecycleMachine.provide({ actors })`. */
export function createLifecycleActors(deps: LifecycleDeps) {
  return {
    loadStore: loadStore(deps),
    registerClient: registerClient(deps),
    requestToken: requestToken(deps),
    recordLoss: recordLoss(deps),
    syncStore: syncStore(deps),
  };
}
