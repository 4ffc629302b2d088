// Shared between the harness page (browser) and the two-tab test (Node).

export interface HarnessConfig {
  readonly baseUrl: string;
  readonly softwareStatement: string;
  readonly store: 'webStore' | 'encrypted-indexedDbStore';
  /** localStorage key or IndexedDB database name. */
  readonly storeName: string;
  readonly coordinatorName: string;
  /** Hide `navigator.locks` to exercise the localStorage-lease fallback. */
  readonly withoutWebLocks?: boolean;
}

export interface TabSummary {
  readonly state: string;
  readonly clientId: string | null;
  /** First 8 bytes of SHA-256 of the access token: compares tokens without exposing them. */
  readonly tokenFingerprint: string;
  /** Every CoordinatorMessage this tab's coordinator heard. */
  readonly messages: readonly { type: string; version: number | null; clientId: string | null }[];
  readonly reauthentications: readonly string[];
  readonly errors: readonly string[];
}

export interface HarnessApi {
  start(config: HarnessConfig): Promise<TabSummary>;
  summary(): Promise<TabSummary>;
  /** `client.fetch(url)`; resolves the final status. */
  callApi(url: string): Promise<number>;
  stop(): void;
}
