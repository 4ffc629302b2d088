import type { DcrHttp } from '@dcrflow/protocol';
import type { Vault } from '../client/createVault.ts';
import type { Clock } from '../ports/Clock.ts';
import type { Coordinator } from '../ports/Coordinator.ts';
import type { CredentialStore } from '../ports/CredentialStore.ts';

/** What the working actors of one client share. Built by `createDcrClient`, never exposed. */
export interface LifecycleDeps {
  /** The HTTP client, created on first use (a warm-started idle client never needs one). */
  readonly http: () => DcrHttp;
  readonly store: CredentialStore;
  readonly coordinator: Coordinator;
  readonly clock: Clock;
  readonly vault: Vault;
  /** Source of the backoff jitter samples. */
  readonly random: () => number;
  readonly lockName: string;
  readonly refreshLeadSeconds: number | null;
  /** Resolves the software statement (cached in the vault). */
  readonly softwareStatement: () => Promise<string>;
  readonly redirectUri: string | undefined;
  readonly registrationMetadata: Record<string, unknown> | undefined;
  /** Called with the real error object of every failed request, before the machine hears about it. */
  readonly onFailure: (error: unknown) => void;
  /**
   * True while a hibernated client wakes: its vault already holds what the store holds, so `loading` must not read
   * the store (a wake costs no I/O); the client sends `STORE.LOADED` from the vault itself.
   */
  resumeFromVault: boolean;
}
