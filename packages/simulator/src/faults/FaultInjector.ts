import * as z from 'zod/mini';
import type { FaultEndpoint, FaultKind, FaultSpec } from '../types/FaultSpec.ts';
import type { SimulatorEndpoint } from '../types/RequestLogEntry.ts';
import { mulberry32 } from './mulberry32.ts';

const faultSpecSchema = z.strictObject({
  kind: z.enum(['error', 'throttle', 'reset', 'delay', 'malformed']),
  endpoint: z.optional(z.enum(['register', 'token', 'api', '*'])),
  count: z.optional(z.int().check(z.minimum(1))),
  probability: z.optional(z.number().check(z.minimum(0), z.maximum(1))),
  seed: z.optional(z.int()),
  status: z.optional(z.int().check(z.minimum(500), z.maximum(599))),
  delayMs: z.optional(z.int().check(z.minimum(0), z.maximum(120_000))),
});

/**
 * Validates an untrusted fault spec (from `POST /admin/faults` or a caller), throwing a `TypeError` whose message
 * names the first offending field.
 */
export function parseFaultSpec(input: unknown): FaultSpec {
  const result = faultSpecSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at "${issue.path.join('.')}"` : '';
    throw new TypeError(`The fault spec is invalid${where}: ${issue?.message ?? 'unknown problem'}.`);
  }
  const data = result.data;
  const spec: FaultSpec = { kind: data.kind };
  if (data.endpoint !== undefined) spec.endpoint = data.endpoint;
  if (data.count !== undefined) spec.count = data.count;
  if (data.probability !== undefined) spec.probability = data.probability;
  if (data.seed !== undefined) spec.seed = data.seed;
  if (data.status !== undefined) spec.status = data.status;
  if (data.delayMs !== undefined) spec.delayMs = data.delayMs;
  return spec;
}

interface ArmedFault {
  readonly id: string;
  readonly kind: FaultKind;
  readonly endpoint: FaultEndpoint;
  readonly probability: number | undefined;
  readonly status: number;
  readonly delayMs: number;
  readonly random: () => number;
  /** `undefined` = unlimited (a `probability` fault without `count`). */
  remaining: number | undefined;
}

/** What the armed faults decided for one request. */
export interface FaultDecision {
  /** Total delay of the `'delay'` faults that fired. */
  delayMs: number;
  /** The first non-delay fault that fired, if any: it decides the answer. */
  terminal: { kind: Exclude<FaultKind, 'delay'>; status: number } | undefined;
  /** Kinds that fired, in order (for stats and the log). */
  fired: FaultKind[];
}

/**
 * The armed faults, consulted once per DCR / REST v2 request at arrival time (so concurrent requests consume
 * counts in arrival order). Admin and unknown paths are never faulted.
 */
export class FaultInjector {
  #faults: ArmedFault[] = [];
  #nextId = 1;

  arm(spec: FaultSpec): string {
    const valid = parseFaultSpec(spec);
    const id = `fault-${this.#nextId++}`;
    this.#faults.push({
      id,
      kind: valid.kind,
      endpoint: valid.endpoint ?? '*',
      probability: valid.probability,
      status: valid.status ?? 503,
      delayMs: valid.delayMs ?? 1000,
      random: valid.seed === undefined ? Math.random : mulberry32(valid.seed),
      remaining: valid.count ?? (valid.probability === undefined ? 1 : undefined),
    });
    return id;
  }

  decide(endpoint: SimulatorEndpoint): FaultDecision {
    const decision: FaultDecision = { delayMs: 0, terminal: undefined, fired: [] };
    if (endpoint !== 'register' && endpoint !== 'token' && endpoint !== 'api') return decision;
    for (const fault of [...this.#faults]) {
      if (fault.endpoint !== '*' && fault.endpoint !== endpoint) continue;
      if (fault.probability !== undefined && fault.random() >= fault.probability) continue;
      if (fault.remaining !== undefined) {
        fault.remaining -= 1;
        if (fault.remaining <= 0) this.#faults = this.#faults.filter((armed) => armed !== fault);
      }
      decision.fired.push(fault.kind);
      if (fault.kind === 'delay') {
        decision.delayMs += fault.delayMs;
        continue;
      }
      decision.terminal = { kind: fault.kind, status: fault.status };
      break;
    }
    return decision;
  }

  clear(): void {
    this.#faults = [];
  }
}
