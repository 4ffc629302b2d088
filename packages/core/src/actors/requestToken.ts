import { scrubSecrets } from '@dcrflow/protocol';
import type { VaultCredentials, VaultToken } from '../client/createVault.ts';
import { StoreError } from '../errors/StoreError.ts';
import type { RequestTokenInput } from '../machine/dcrLifecycleMachine.ts';
import { tokenSchedule } from '../machine/tokenSchedule.ts';
import type { DcrEvent, ErrorInfo } from '../machine/types.ts';
import { lifecycleCallback } from './lifecycleCallback.ts';
import { credentialsMeta, MAX_WRITE_CONFLICTS, readStore, tokenMeta, writeStore } from './storeAccess.ts';

const credentialsGone = (at: number, what: string): DcrEvent => ({
  type: 'TOKEN.FAILED',
  at,
  error: { code: 'credentials_lost', message: `The stored client credentials are gone (${what}); registering again.` },
  failure: 'credentials',
  retryAfterMs: null,
  jitter: 0,
});

/**
 * `registered.requesting` and `expiring.refreshing`: inside the coordinator lock, re-reads the store first. A fresher
 * token a peer stored is adopted with zero requests; credentials that vanished from the store mean `credentialsLost`;
 * otherwise POSTs the token request with the STORED credentials (never re-registering — Adobe DCR FAQ) and persists
 * the token. Expiry is measured from when the request was sent, on the client's clock (dcr-protocol.md §4: always use
 * the returned `expires_in`).
 */
export const requestToken = lifecycleCallback<RequestTokenInput>(
  'TOKEN.FAILED',
  async ({ input, deps, signal, send }) => {
    const { vault, clock } = deps;
    await deps.coordinator.withLock(deps.lockName, async () => {
      if (signal.aborted) return;
      let decoded = await readStore(deps);
      if (decoded.kind !== 'loaded') {
        send(credentialsGone(clock.now(), `the store entry is ${decoded.kind === 'empty' ? 'missing' : decoded.kind}`));
        return;
      }
      let credentials: VaultCredentials = decoded.credentials;
      const replaced = () => credentials.clientId !== input.clientId;
      const succeed = (token: VaultToken, source: 'server' | 'store', warning: ErrorInfo | null) => {
        // Left meanwhile (e.g. a peer's token was adopted from its notice): the machine will not hear of this
        // token, so the vault must not serve it either.
        if (signal.aborted) return;
        vault.credentials = credentials;
        vault.token = token;
        vault.lastAccessToken = token.accessToken;
        const at = clock.now();
        const meta = tokenMeta(token, deps.refreshLeadSeconds);
        const adopted = replaced() ? credentialsMeta(credentials) : null;
        send(
          source === 'store'
            ? { type: 'STORE.TOKEN_FOUND', at, token: meta, credentials: adopted }
            : { type: 'TOKEN.SUCCEEDED', at, token: meta, credentials: adopted, warning },
        );
      };
      // A token a peer obtained meanwhile (not the one this instance is replacing) that is not yet due for refresh.
      const fresh = (token: VaultToken | null): token is VaultToken =>
        token !== null &&
        token.accessToken !== vault.lastAccessToken &&
        clock.now() < tokenSchedule({ ...token, refreshLeadSeconds: deps.refreshLeadSeconds }).refreshAt;
      if (fresh(decoded.token)) return succeed(decoded.token, 'store', null);

      const sentAt = clock.now();
      const grant = await deps
        .http()
        .requestToken({ clientId: credentials.clientId, clientSecret: credentials.clientSecret }, { signal });
      const token: VaultToken = {
        accessToken: grant.accessToken,
        tokenType: grant.tokenType,
        obtainedAt: sentAt,
        expiresAt: sentAt + grant.expiresIn * 1000,
      };
      if (signal.aborted) return;

      let warning: ErrorInfo | null = null;
      for (let conflicts = 0; ; conflicts++) {
        let result: Awaited<ReturnType<typeof writeStore>>;
        try {
          result = await writeStore(deps, { credentials, token }, decoded.version);
        } catch (error) {
          // The token works even if it could not be persisted: use it, report the store problem.
          if (!StoreError.is(error)) throw error;
          warning = { code: 'store', message: scrubSecrets(error.message, vault.secrets()) };
          break;
        }
        if (result.ok) break;
        const current = result.current;
        if (current.kind !== 'loaded') {
          send(credentialsGone(clock.now(), 'a peer removed them while this token was requested'));
          return;
        }
        if (current.credentials.clientId !== credentials.clientId) {
          // A peer re-registered meanwhile: its credentials win; use its token when it has a usable one, else
          // fail transiently so the retry requests a token with the new credentials.
          if (current.token !== null && clock.now() < current.token.expiresAt) {
            credentials = current.credentials;
            return succeed(current.token, 'store', null);
          }
          throw new StoreError('Another instance replaced the client credentials during the token request.');
        }
        if (conflicts >= MAX_WRITE_CONFLICTS) {
          warning = { code: 'store', message: 'The credential store kept changing; the new token was not persisted.' };
          break;
        }
        decoded = current;
      }
      succeed(token, 'server', warning);
    });
  },
);
