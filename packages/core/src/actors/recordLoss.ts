import { classifyFailure } from '../machine/classifyFailure.ts';
import type { RecordLossInput } from '../machine/dcrLifecycleMachine.ts';
import { lifecycleCallback } from './lifecycleCallback.ts';
import { readStore, writeStore } from './storeAccess.ts';

/**
 * `credentialsLost`: forgets the dead credentials and persists the loss marker (`registered: true`, no credentials)
 * before registering again, so a crash between here and the new registration still ends in
 * `reauthenticationRequired` on the next start. Credentials a peer already registered are left alone (the
 * registration step adopts them). Never fails: a store problem is reported as a warning and registration proceeds.
 */
export const recordLoss = lifecycleCallback<RecordLossInput>('STORE.FAILED', async ({ input, deps, signal, send }) => {
  const { vault, clock } = deps;
  try {
    await deps.coordinator.withLock(deps.lockName, async () => {
      vault.credentials = null;
      vault.token = null;
      if (signal.aborted) return;
      const decoded = await readStore(deps);
      const peerRegistered = decoded.kind === 'loaded' && decoded.credentials.clientId !== input.staleClientId;
      if (!peerRegistered) await writeStore(deps, { credentials: null, token: null }, decoded.version);
    });
  } catch (error) {
    deps.onFailure(error);
    send({ type: 'LOSS.RECORDED', at: clock.now(), warning: classifyFailure(error, vault.secrets()).error });
    return;
  }
  send({ type: 'LOSS.RECORDED', at: clock.now(), warning: null });
});
