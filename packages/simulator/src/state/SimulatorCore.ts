import type { JwtAuthority } from '../tokens/JwtAuthority.ts';
import type { RequestLogEntry } from '../types/RequestLogEntry.ts';
import type { SimulatorState } from './SimulatorState.ts';

/** What endpoint handlers need from the simulator. */
export interface SimulatorCore {
  readonly state: SimulatorState;
  readonly authority: JwtAuthority;
  readonly tokenTtlSeconds: number;
  /** Simulated epoch ms. */
  now(): number;
}

/** Per-request data handed to the router as Hono's `env`. */
export interface RequestContext {
  /** The request's log line: handlers fill in `clientId` / `softwareId`. */
  readonly entry: RequestLogEntry;
  /** Set by `POST /admin/reset`: the reset request itself is forgotten too, so stats read zero afterwards. */
  forget: boolean;
}
