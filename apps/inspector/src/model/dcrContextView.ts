/** The context panel's reading of a dcrflow lifecycle snapshot. */
export interface DcrContextView {
  readonly state: string;
  readonly credentials: {
    readonly present: boolean;
    readonly clientId: string | null;
    /** Epoch ms. */
    readonly issuedAt: number | null;
    readonly secretFingerprint: string | null;
  };
  readonly token: {
    readonly fingerprint: string | null;
    readonly obtainedAt: number;
    readonly refreshAt: number;
    readonly expiresAt: number;
    /** Time left until expiry at the reference time (negative when expired). */
    readonly ttlMs: number;
    /** Time left until the proactive refresh begins. */
    readonly refreshInMs: number;
    readonly lifetimeMs: number;
  } | null;
  readonly retry: {
    readonly attempt: number;
    readonly retryAt: number | null;
    readonly retryInMs: number | null;
    readonly blocked: boolean;
    readonly inBackoff: boolean;
  };
  readonly error: { readonly code: string; readonly message: string } | null;
  readonly reauthenticationPending: boolean;
  readonly staleClientId: string | null;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** Adobe samples give `client_id_issued_at` in seconds; dcrflow stores ms. Tell them apart by magnitude. */
function toEpochMs(value: number | null): number | null {
  if (value === null) return null;
  return value < 100_000_000_000 ? value * 1000 : value;
}

function containsBackoff(value: unknown): boolean {
  if (value === 'backoff') return true;
  if (!isObject(value)) return false;
  return Object.values(value).some(containsBackoff);
}

function topState(value: unknown): string {
  if (typeof value === 'string') return value;
  if (isObject(value)) return Object.keys(value)[0] ?? '';
  return '';
}

/**
 * Reads a snapshot of the dcrflow lifecycle machine for the context panel: credentials present (client id, issued
 * at), token deadlines with the TTL left at `now`, retry/backoff status and the last error code. Returns null when
 * the context does not look like the dcrflow machine's, so any other XState machine falls back to the raw view.
 *
 * @example
 * ```ts
 * const view = dcrContextView(snapshot.value, snapshot.context, Date.now());
 * view?.token?.ttlMs; // 3_540_000
 * ```
 */
export function dcrContextView(value: unknown, context: unknown, now: number): DcrContextView | null {
  if (!isObject(context)) return null;
  if (!('clientId' in context) || !('token' in context) || !('attempt' in context) || !('retryAt' in context)) {
    return null;
  }
  const clientId = str(context.clientId);
  const token = isObject(context.token) ? context.token : null;
  const expiresAt = num(token?.expiresAt);
  const refreshAt = num(token?.refreshAt);
  const obtainedAt = num(token?.obtainedAt);
  const retryAt = num(context.retryAt);
  const error = isObject(context.error) ? context.error : null;
  return {
    state: topState(value),
    credentials: {
      present: clientId !== null,
      clientId,
      issuedAt: toEpochMs(num(context.issuedAt)),
      secretFingerprint: str(context.secretFingerprint),
    },
    token:
      token !== null && expiresAt !== null
        ? {
            fingerprint: str(token.fingerprint),
            obtainedAt: obtainedAt ?? expiresAt,
            refreshAt: refreshAt ?? expiresAt,
            expiresAt,
            ttlMs: expiresAt - now,
            refreshInMs: (refreshAt ?? expiresAt) - now,
            lifetimeMs: expiresAt - (obtainedAt ?? expiresAt),
          }
        : null,
    retry: {
      attempt: num(context.attempt) ?? 0,
      retryAt,
      retryInMs: retryAt === null ? null : retryAt - now,
      blocked: context.blocked === true,
      inBackoff: containsBackoff(value),
    },
    error: error === null ? null : { code: str(error.code) ?? 'unknown', message: str(error.message) ?? '' },
    reauthenticationPending: context.reauthenticationPending === true,
    staleClientId: str(context.staleClientId),
  };
}
