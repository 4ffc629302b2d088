/** The deadlines of one access token, all epoch ms on the client's own clock. */
export interface TokenSchedule {
  readonly obtainedAt: number;
  readonly refreshAt: number;
  readonly expiresAt: number;
}

/** The default refresh lead: a fifth of the token lifetime, at most five minutes. */
const DEFAULT_LEAD_SHARE = 0.2;
const DEFAULT_LEAD_CAP_MS = 300_000;

/**
 * When to refresh a token proactively. Expiry is measured on the client's clock from the moment the request was
 * sent (`obtainedAt + expires_in`), never from the server's `created_at`, so clock skew cannot make a token look
 * fresher than it is (Adobe DCR: "renew before it expires; always use the returned expires_in").
 *
 * The lead is `refreshLeadSeconds` when given, else 20 % of the lifetime capped at 5 minutes; it never exceeds half
 * the lifetime, so a lead longer than the token would not turn into a refresh loop.
 *
 * @example
 * ```ts
 * tokenSchedule({ obtainedAt: 0, expiresAt: 3_600_000, refreshLeadSeconds: null }).refreshAt; // 3_300_000
 * ```
 */
export function tokenSchedule(options: {
  obtainedAt: number;
  expiresAt: number;
  refreshLeadSeconds: number | null;
}): TokenSchedule {
  const { obtainedAt, expiresAt, refreshLeadSeconds } = options;
  const lifetime = Math.max(0, expiresAt - obtainedAt);
  const wanted =
    refreshLeadSeconds === null
      ? Math.min(lifetime * DEFAULT_LEAD_SHARE, DEFAULT_LEAD_CAP_MS)
      : refreshLeadSeconds * 1000;
  const lead = Math.min(wanted, lifetime / 2);
  return { obtainedAt, expiresAt, refreshAt: expiresAt - lead };
}
