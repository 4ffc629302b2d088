/**
 * A duration for people: `42 ms`, `4.2 s`, `59 min 12 s`, `5 h 59 min`, `2 d 3 h`; negative values get a minus.
 *
 * @example
 * ```ts
 * formatDuration(3_552_000); // '59 min 12 s'
 * ```
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 0) return `−${formatDuration(-ms)}`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 10) return `${(Math.floor(seconds * 10) / 10).toFixed(1)} s`;
  if (seconds < 60) return `${Math.floor(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.floor(seconds % 60)} s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/**
 * An epoch-ms time as `HH:MM:SS.mmm` (UTC, so recordings read the same everywhere).
 *
 * @example
 * ```ts
 * formatClock(Date.UTC(2025, 0, 1, 9, 5, 7, 42)); // '09:05:07.042'
 * ```
 */
export function formatClock(epochMs: number): string {
  if (!Number.isFinite(epochMs)) return '—';
  const date = new Date(epochMs);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}.${pad(date.getUTCMilliseconds(), 3)}`;
}

/**
 * An epoch-ms time as an ISO date-time without milliseconds (UTC).
 *
 * @example
 * ```ts
 * formatDateTime(0); // '1970-01-01 00:00:00 UTC'
 * ```
 */
export function formatDateTime(epochMs: number): string {
  if (!Number.isFinite(epochMs)) return '—';
  return `${new Date(epochMs).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/**
 * A short offset for the timeline's time column: `+42 ms`, `+4.2 s`, `+55m01s`, `+2h05m`.
 *
 * @example
 * ```ts
 * formatOffset(3_301_000); // '+55m01s'
 * ```
 */
export function formatOffset(ms: number): string {
  if (!Number.isFinite(ms)) return '';
  if (ms < 0) return `−${formatOffset(-ms).slice(1)}`;
  if (ms < 1000) return `+${Math.round(ms)} ms`;
  if (ms < 60_000) return `+${(Math.floor(ms / 100) / 10).toFixed(1)} s`;
  const seconds = Math.floor(ms / 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  if (seconds < 3600) return `+${Math.floor(seconds / 60)}m${pad(seconds % 60)}s`;
  return `+${Math.floor(seconds / 3600)}h${pad(Math.floor(seconds / 60) % 60)}m`;
}
