import type { RequestLogEntry, SimulatorEndpoint } from '../types/RequestLogEntry.ts';
import type { SimulatorStats } from '../types/SimulatorStats.ts';

/** One registered client application instance. */
export interface ClientRecord {
  readonly clientId: string;
  readonly clientSecret: string;
  /** The software_id of the statement it registered with: revoking that statement kills these credentials. */
  readonly softwareId: string;
  /** Epoch seconds (simulated clock). */
  readonly issuedAt: number;
  readonly redirectUris: readonly string[];
}

/** How many request log entries are kept (the oldest are dropped first). */
export const REQUEST_LOG_LIMIT = 10_000;

/**
 * Everything the simulator remembers besides its key: clients, revocations, counters and the request log.
 * `reset()` forgets all of it.
 */
export class SimulatorState {
  readonly clients = new Map<string, ClientRecord>();
  readonly revokedSoftwareIds = new Set<string>();
  #requests = emptyRequestCounts();
  #responses = new Map<string, number>();
  #throttled = 0;
  #faultsInjected = 0;
  #registrations = new Map<string, number>();
  #registrationTotal = 0;
  #tokens = new Map<string, number>();
  #tokenTotal = 0;
  #log: RequestLogEntry[] = [];

  countRequest(endpoint: SimulatorEndpoint): void {
    this.#requests[endpoint] += 1;
    this.#requests.total += 1;
  }

  countResponse(status: number): void {
    const key = String(status);
    this.#responses.set(key, (this.#responses.get(key) ?? 0) + 1);
  }

  countThrottled(): void {
    this.#throttled += 1;
  }

  countFaults(fired: number): void {
    this.#faultsInjected += fired;
  }

  addClient(client: ClientRecord): void {
    this.clients.set(client.clientId, client);
    this.#registrationTotal += 1;
    this.#registrations.set(client.softwareId, (this.#registrations.get(client.softwareId) ?? 0) + 1);
  }

  countToken(clientId: string): void {
    this.#tokenTotal += 1;
    this.#tokens.set(clientId, (this.#tokens.get(clientId) ?? 0) + 1);
  }

  /** Whether a client is known and its statement is not revoked. */
  liveClient(clientId: string): ClientRecord | undefined {
    const client = this.clients.get(clientId);
    return client && !this.revokedSoftwareIds.has(client.softwareId) ? client : undefined;
  }

  log(entry: RequestLogEntry): void {
    this.#log.push(entry);
    // Trim in batches so a full log costs O(1) amortised per request, not a shift() each time.
    if (this.#log.length > REQUEST_LOG_LIMIT * 1.1) this.#log = this.#log.slice(-REQUEST_LOG_LIMIT);
  }

  requests(): RequestLogEntry[] {
    return this.#log.slice(-REQUEST_LOG_LIMIT).map((entry) => ({ ...entry }));
  }

  stats(): SimulatorStats {
    return {
      requests: { ...this.#requests },
      responses: Object.fromEntries(this.#responses),
      throttled: this.#throttled,
      faultsInjected: this.#faultsInjected,
      registrations: { total: this.#registrationTotal, bySoftwareId: Object.fromEntries(this.#registrations) },
      tokens: { total: this.#tokenTotal, byClientId: Object.fromEntries(this.#tokens) },
      clients: this.clients.size,
    };
  }

  reset(): void {
    this.clients.clear();
    this.revokedSoftwareIds.clear();
    this.#requests = emptyRequestCounts();
    this.#responses.clear();
    this.#throttled = 0;
    this.#faultsInjected = 0;
    this.#registrations.clear();
    this.#registrationTotal = 0;
    this.#tokens.clear();
    this.#tokenTotal = 0;
    this.#log = [];
  }
}

function emptyRequestCounts(): SimulatorStats['requests'] {
  return { register: 0, token: 0, api: 0, admin: 0, other: 0, total: 0 };
}
