import type { FaultSpec } from './FaultSpec.ts';
import type { RequestLogEntry } from './RequestLogEntry.ts';
import type { SimulatorStats } from './SimulatorStats.ts';

/**
 * Per-request facts a host knows and a `Request` does not.
 *
 * @example
 * await simulator.fetch(request, { remoteAddress: '203.0.113.7' });
 */
export interface SimulatorEnv {
  /** The TCP peer address; the throttle key when no `X-Forwarded-For` is sent. */
  remoteAddress?: string;
}

/**
 * A running simulated Adobe Pass DCR server: a Web-standard fetch handler plus programmatic twins of its admin API.
 *
 * @example
 * const simulator = createSimulator();
 * const { software_statement } = await simulator.mintSoftwareStatement();
 * const response = await simulator.fetch(
 *   new Request('http://sim.local/o/client/register', {
 *     method: 'POST',
 *     headers: { 'Content-Type': 'application/json' },
 *     body: JSON.stringify({ software_statement }),
 *   }),
 * );
 * console.log(response.status); // 201
 */
export interface Simulator {
  /**
   * The whole server as a fetch handler. Throws {@link SimulatedConnectionReset} when a `'reset'` fault fires;
   * otherwise always resolves to a well-formed response.
   */
  fetch(request: Request, env?: SimulatorEnv): Promise<Response>;
  /** Mints an RS256 software statement signed by the simulator's key (software_id defaults to a new UUID). */
  mintSoftwareStatement(input?: {
    software_id?: string;
    client_name?: string;
  }): Promise<{ software_statement: string; software_id: string }>;
  /** Revokes every statement of a software_id, and the credentials registered with them. */
  revokeSoftwareStatement(softwareId: string): void;
  /** Forgets a client; returns whether it existed. */
  deleteClient(clientId: string): boolean;
  /** Moves the simulated clock forward by a finite number of seconds ≥ 0. */
  advanceClock(seconds: number): void;
  /** Simulated epoch ms: the real time source plus the clock offset. */
  now(): number;
  /** Arms a fault and returns its id. Throws a `TypeError`/`RangeError` on an invalid spec. */
  injectFault(fault: FaultSpec): string;
  clearFaults(): void;
  stats(): SimulatorStats;
  /** The bounded request log (last 10,000 requests), oldest first. */
  requests(): readonly RequestLogEntry[];
  /** Forgets clients, revocations, faults, stats, the log, throttle buckets and the clock offset — not the key. */
  reset(): void;
}
