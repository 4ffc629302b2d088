/**
 * A short human duration: `5h 59m`, `3m 20s`, `42s`; negative durations read `expired 3m 20s ago`.
 *
 * @example
 * ```ts
 * formatDuration(21_540_000); // '5h 59m'
 * formatDuration(-200_000);   // 'expired 3m 20s ago'
 * ```
 */
export function formatDuration(ms: number): string {
  if (ms < 0) return `expired ${formatDuration(-ms)} ago`;
  const total = Math.floor(ms / 1000);
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${minutes}m`;
  if (minutes > 0) return `${minutes}m ${seconds}s`;
  return `${seconds}s`;
}
