/** Client credentials as the vault holds them. */
export interface VaultCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly issuedAt: number | null;
}

/** An access token as the vault holds it. */
export interface VaultToken {
  readonly accessToken: string;
  readonly tokenType: string;
  readonly obtainedAt: number;
  readonly expiresAt: number;
}

/**
 * The closure-held home of every secret of one client: credentials, token, software statement. The machine only
 * ever sees fingerprints of these, so its snapshots, events and inspection streams are safe to log or ship to the
 * inspector; the actors and `getAccessToken()` read the real values from here.
 */
export interface Vault {
  credentials: VaultCredentials | null;
  /** Registered but not yet persisted (the store write failed): retried without registering again. */
  pendingCredentials: VaultCredentials | null;
  token: VaultToken | null;
  /** The last token this instance used, kept after it is dropped so a rejected token is never adopted again. */
  lastAccessToken: string | null;
  /** The resolved software statement (cached result of the `softwareStatement` function). */
  statement: string | null;
  /**
   * The store version this instance last read or wrote (`null`: it found or left the store empty; `undefined`: it
   * has not looked yet). A peer's notice about this version tells it nothing new.
   */
  storeVersion: number | null | undefined;
  /** Every secret value currently held, for scrubbing text that will become a message. */
  secrets(): string[];
  /** Forgets credentials and token (not the statement). */
  clearIdentity(): void;
}

/** Creates an empty vault. */
export function createVault(): Vault {
  const vault: Vault = {
    credentials: null,
    pendingCredentials: null,
    token: null,
    lastAccessToken: null,
    statement: null,
    storeVersion: undefined,
    secrets() {
      const values = [
        vault.credentials?.clientSecret,
        vault.pendingCredentials?.clientSecret,
        vault.token?.accessToken,
        vault.lastAccessToken,
        vault.statement,
      ];
      return values.filter((value): value is string => typeof value === 'string' && value !== '');
    },
    clearIdentity() {
      vault.credentials = null;
      vault.pendingCredentials = null;
      vault.token = null;
      vault.lastAccessToken = null;
    },
  };
  return vault;
}
