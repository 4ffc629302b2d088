import type { FaultKind } from './FaultSpec.ts';

/**
 * Which part of the simulator a request addressed (by path).
 *
 * @example
 * const endpoint: SimulatorEndpoint = 'register';
 */
export type SimulatorEndpoint = 'register' | 'token' | 'api' | 'admin' | 'other';

/**
 * One line of the simulator's bounded request log (the last 10,000 requests). It never holds secrets: the path
 * is logged without its query string (token requests may carry `client_secret` there) and no header or body is kept.
 *
 * @example
 * const throttled = simulator.requests().filter((entry) => entry.throttled).length;
 */
export interface RequestLogEntry {
  /** Real epoch ms when the request was received. */
  at: number;
  endpoint: SimulatorEndpoint;
  method: string;
  /** The URL path, without the query string. */
  path: string;
  /** The answered status; 0 when the connection was reset by a fault. */
  status: number;
  /** The throttle key: the first `X-Forwarded-For` address, else the remote address, else `'local'`. */
  device: string;
  clientId?: string;
  softwareId?: string;
  fault?: FaultKind;
  throttled?: boolean;
}
