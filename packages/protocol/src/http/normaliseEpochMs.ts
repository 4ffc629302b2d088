// 1e11 ms is March 1973 and 1e11 s is the year 5138: any real timestamp below it is in seconds.
const SECONDS_THRESHOLD = 1e11;

/**
 * Epoch timestamps arrive in seconds (`client_id_issued_at`, older `created_at` samples) or milliseconds (current
 * `created_at` docs); the magnitude tells which. Source: dcr-protocol.md §3-§4, §8.
 */
export function normaliseEpochMs(value: number): number {
  return value < SECONDS_THRESHOLD ? Math.round(value * 1000) : value;
}
