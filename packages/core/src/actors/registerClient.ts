import type { VaultCredentials } from '../client/createVault.ts';
import { StoreError } from '../errors/StoreError.ts';
import type { RegisterClientInput } from '../machine/dcrLifecycleMachine.ts';
import type { DecodedEntry } from '../store/storedRecord.ts';
import { lifecycleCallback } from './lifecycleCallback.ts';
import { credentialsMeta, MAX_WRITE_CONFLICTS, readStore, writeStore } from './storeAccess.ts';

/** Live credentials in the store that are not the dead ones this instance replaces. */
function adoptable(decoded: DecodedEntry, staleClientId: string | null) {
  return decoded.kind === 'loaded' && decoded.credentials.clientId !== staleClientId ? decoded.credentials : null;
}

/**
 * `registering.requesting`: inside the coordinator lock, re-reads the store — if a peer already registered, adopts
 * its credentials with zero requests — else POSTs the registration, then persists the credentials with a
 * compare-and-set BEFORE telling the machine (so a crash can never lose a registration the server knows about). A
 * lost compare-and-set adopts the winner's credentials instead of overwriting them.
 * Sources: Adobe DCR FAQ ("store the credentials persistently"; "never re-register to refresh"), RFC 7591 §3.
 */
export const registerClient = lifecycleCallback<RegisterClientInput>(
  'REGISTER.FAILED',
  async ({ input, deps, signal, send }) => {
    const { vault, clock } = deps;
    await deps.coordinator.withLock(deps.lockName, async () => {
      if (signal.aborted) return;
      const decoded = await readStore(deps);
      const adopt = (credentials: VaultCredentials) => {
        vault.pendingCredentials = null;
        vault.credentials = credentials;
        vault.token = null;
        send({
          type: 'REGISTER.SUCCEEDED',
          at: clock.now(),
          credentials: credentialsMeta(credentials),
          source: 'store',
        });
      };
      const existing = adoptable(decoded, input.staleClientId);
      if (existing !== null) return adopt(existing);

      let credentials = vault.pendingCredentials;
      if (credentials === null) {
        const softwareStatement = await deps.softwareStatement();
        const registered = await deps.http().register(
          {
            softwareStatement,
            ...(deps.redirectUri === undefined ? {} : { redirectUri: deps.redirectUri }),
            ...(deps.registrationMetadata === undefined ? {} : { metadata: deps.registrationMetadata }),
          },
          { signal },
        );
        credentials = {
          clientId: registered.clientId,
          clientSecret: registered.clientSecret,
          issuedAt: registered.issuedAt ?? null,
        };
        // Kept until persisted: if the write fails, the retry writes these instead of registering again.
        vault.pendingCredentials = credentials;
      }

      let expectedVersion = decoded.version;
      for (let conflicts = 0; conflicts <= MAX_WRITE_CONFLICTS; conflicts++) {
        const result = await writeStore(deps, { credentials, token: null }, expectedVersion);
        if (result.ok) {
          vault.pendingCredentials = null;
          vault.credentials = credentials;
          vault.token = null;
          send({
            type: 'REGISTER.SUCCEEDED',
            at: clock.now(),
            credentials: credentialsMeta(credentials),
            source: 'server',
          });
          return;
        }
        const winner = adoptable(result.current, input.staleClientId);
        if (winner !== null) return adopt(winner);
        expectedVersion = result.current.version;
      }
      throw new StoreError('The credential store kept changing during the registration write; retrying.');
    });
  },
);
