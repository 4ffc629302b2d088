import { StoreError } from '../errors/StoreError.ts';
import type { LoadStoreInput } from '../machine/dcrLifecycleMachine.ts';
import { lifecycleCallback } from './lifecycleCallback.ts';
import { credentialsMeta, readStore, tokenMeta } from './storeAccess.ts';

/**
 * `loading.reading`: reads the store and tells the machine what it found — `STORE.LOADED` (credentials, maybe a
 * token), `STORE.EMPTY` (first run), `STORE.LOST` (registered before, credentials gone), `STORE.CORRUPT` (the entry
 * does not validate: treated as lost, never a crash) or `STORE.FAILED` (the store threw: retried with backoff).
 * With `purge` (reset()) it deletes the entry first.
 */
export const loadStore = lifecycleCallback<LoadStoreInput>('STORE.FAILED', async ({ input, deps, signal, send }) => {
  const { vault, clock } = deps;
  // A waking client (hibernation) answers for the store from its vault: no read, see createDcrClient.
  if (deps.resumeFromVault && !input.purge) return;
  if (input.purge) {
    try {
      await deps.store.delete();
    } catch (error) {
      throw new StoreError(
        `Deleting the credential store entry failed (${error instanceof Error ? error.message : String(error)}).`,
      );
    }
    vault.storeVersion = null;
    deps.coordinator.broadcast({ type: 'deleted', version: null, clientId: null });
  }
  const decoded = await readStore(deps);
  if (signal.aborted) return;
  switch (decoded.kind) {
    case 'empty':
      vault.clearIdentity();
      send({ type: 'STORE.EMPTY', at: clock.now() });
      return;
    case 'lost':
      vault.clearIdentity();
      send({ type: 'STORE.LOST', at: clock.now() });
      return;
    case 'corrupt':
      vault.clearIdentity();
      send({
        type: 'STORE.CORRUPT',
        at: clock.now(),
        error: { code: 'store_corrupt', message: `The credential store entry is unreadable: ${decoded.problem}.` },
      });
      return;
    case 'loaded': {
      vault.credentials = decoded.credentials;
      vault.pendingCredentials = null;
      vault.token = decoded.token;
      vault.lastAccessToken = decoded.token?.accessToken ?? null;
      send({
        type: 'STORE.LOADED',
        at: clock.now(),
        credentials: credentialsMeta(decoded.credentials),
        token: decoded.token === null ? null : tokenMeta(decoded.token, deps.refreshLeadSeconds),
      });
      return;
    }
  }
});
