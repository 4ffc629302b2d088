import type { SyncStoreInput } from '../machine/dcrLifecycleMachine.ts';
import type { DecodedEntry } from '../store/storedRecord.ts';
import { lifecycleCallback } from './lifecycleCallback.ts';
import { credentialsMeta, readStore, tokenMeta } from './storeAccess.ts';

const EMPTY: DecodedEntry = { kind: 'empty', version: null };

/**
 * Spawned on `STORE.CHANGED` (a peer's notice through `coordinator.subscribe`): re-reads the store — never the
 * network, never the lock — and reports only what this instance should adopt:
 *
 * - `STORE.TOKEN_FOUND` when the store holds live credentials (not the retired `staleClientId`)
 *   with an unexpired token this instance has not used yet and that is not older than the one it uses: a peer
 *   refreshed, or registered after a loss. `credentials` is set when they differ from this instance's, so the
 *   machine's `credentialsReplaced` / `reauthenticationPending` guards decide about `reauthenticationRequired` exactly
 *   as they do for a token request.
 * - `STORE.EMPTY` when a peer deleted the entry (`reset()`) or it is gone, and this instance holds credentials: the
 *   same as reading an empty store at start — a first run, not a loss.
 * - nothing otherwise. Credentials without a token, a loss marker or an unreadable entry mean a peer is still at
 *   work (its next write brings another notice) or something the lock-guarded path already handles; a failing store
 *   is left to that path too, which reports it. This actor is an optimisation and must never add a failure mode.
 *
 * The vault is updated before the event is sent, in the same tick, so the machine and the vault never disagree.
 */
export const syncStore = lifecycleCallback<SyncStoreInput>('STORE.FAILED', async ({ input, deps, signal, send }) => {
  const { vault, clock } = deps;
  let decoded: DecodedEntry;
  try {
    decoded = input.deleted ? EMPTY : await readStore(deps);
  } catch {
    return;
  }
  if (signal.aborted) return;
  const now = clock.now();

  if (decoded.kind === 'empty') {
    if (input.clientId === null) return;
    vault.clearIdentity();
    send({ type: 'STORE.EMPTY', at: now });
    return;
  }
  if (decoded.kind !== 'loaded' || decoded.credentials.clientId === input.staleClientId) return;
  const { credentials, token } = decoded;
  const replaced = credentials.clientId !== input.clientId;
  if (token === null || token.accessToken === vault.lastAccessToken || now >= token.expiresAt) return;
  // Out-of-order notices must never swap the token in use for an older one of the same credentials.
  if (!replaced && input.tokenExpiresAt !== null && token.expiresAt <= input.tokenExpiresAt) return;

  vault.credentials = credentials;
  vault.pendingCredentials = null;
  vault.token = token;
  vault.lastAccessToken = token.accessToken;
  send({
    type: 'STORE.TOKEN_FOUND',
    at: now,
    token: tokenMeta(token, deps.refreshLeadSeconds),
    credentials: replaced ? credentialsMeta(credentials) : null,
  });
});
