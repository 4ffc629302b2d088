/**
 * What an injected fault does to a matching request.
 * - `'error'`: answers a 5xx (default 503) with an HTML body, before the request is processed.
 * - `'throttle'`: answers 429 with an HTML body and no `Retry-After`, exactly like real throttling.
 * - `'reset'`: drops the connection ({@link SimulatedConnectionReset}); the request is not processed.
 * - `'delay'`: waits `delayMs`, then the request proceeds normally.
 * - `'malformed'`: the request is processed (state changes happen, as when a response is lost on the way back),
 *   then answered with a 2xx status and a truncated JSON body.
 *
 * @example
 * const kind: FaultKind = 'reset';
 */
export type FaultKind = 'error' | 'throttle' | 'reset' | 'delay' | 'malformed';

/**
 * Which endpoint a fault targets; `'*'` means every DCR and REST v2 endpoint (admin is never faulted).
 *
 * @example
 * const endpoint: FaultEndpoint = 'token';
 */
export type FaultEndpoint = 'register' | 'token' | 'api' | '*';

/**
 * A fault to inject with `simulator.injectFault()` or `POST /admin/faults`.
 *
 * Without `probability` the fault applies to the next `count` (default 1) matching requests. With `probability`
 * each matching request is hit at random (seeded and deterministic when `seed` is given), at most `count` times
 * when `count` is also given, forever otherwise.
 *
 * @example
 * simulator.injectFault({ kind: 'error', endpoint: 'token', status: 502, count: 2 });
 * simulator.injectFault({ kind: 'delay', delayMs: 250, probability: 0.5, seed: 42 });
 */
export interface FaultSpec {
  kind: FaultKind;
  /** Default `'*'`. */
  endpoint?: FaultEndpoint;
  /** Apply to the next N matching requests (default 1 when `probability` is absent). */
  count?: number;
  /** 0..1, apply at random. */
  probability?: number;
  /** Makes `probability` deterministic. */
  seed?: number;
  /** For `'error'`: 500..599, default 503. */
  status?: number;
  /** For `'delay'`: 0..120000 ms, default 1000. */
  delayMs?: number;
}
