/**
 * Counters since creation or the last reset, from `simulator.stats()` or `GET /admin/stats`.
 *
 * @example
 * expect(simulator.stats().registrations.total).toBe(1); // no duplicate registration
 */
export interface SimulatorStats {
  /** Received requests by endpoint (throttled and faulted ones included). */
  requests: { register: number; token: number; api: number; admin: number; other: number; total: number };
  /** Answered responses by status code, e.g. `{ "201": 3, "400": 1 }` (a reset connection has no response). */
  responses: Record<string, number>;
  /** Requests refused by the throttle (injected `'throttle'` faults are counted in `faultsInjected`). */
  throttled: number;
  /** Faults that fired, every kind included. */
  faultsInjected: number;
  /** Successful registrations (each one created a new client). */
  registrations: { total: number; bySoftwareId: Record<string, number> };
  /** Access tokens issued. */
  tokens: { total: number; byClientId: Record<string, number> };
  /** Clients currently known. */
  clients: number;
}
