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

/** The vault's implementation: a class so that its two methods live once on the prototype, not in every client. */
class ClientVault implements Vault {
  credentials: VaultCredentials | null = null;
  pendingCredentials: VaultCredentials | null = null;
  token: VaultToken | null = null;
  lastAccessToken: string | null = null;
  statement: string | null = null;
  storeVersion: number | null | undefined = undefined;

  secrets(): string[] {
    const values = [
      this.credentials?.clientSecret,
      this.pendingCredentials?.clientSecret,
      this.token?.accessToken,
      this.lastAccessToken,
      this.statement,
    ];
    return values.filter((value): value is string => typeof value === 'string' && value !== '');
  }

  clearIdentity(): void {
    this.credentials = null;
    this.pendingCredentials = null;
    this.token = null;
    this.lastAccessToken = null;
  }
}

/** Creates an empty vault. */
export function createVault(): Vault {
  return new ClientVault();
}
