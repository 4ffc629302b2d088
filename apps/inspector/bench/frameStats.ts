/** Frame figures over one window of time, in milliseconds. */
export interface FrameStats {
  /** Frame intervals counted (gaps between consecutive frames that overlap the window). */
  readonly frames: number;
  readonly medianFrameMs: number;
  /** The longest gap between two consecutive frames: the longest the page showed nothing new. */
  readonly longestFrameMs: number;
  /** Gaps longer than {@link LONG_FRAME_MS}. */
  readonly framesOver50Ms: number;
  /** Long Tasks API entries that started in the window, and the longest of them (0 when none). */
  readonly longTasks: number;
  readonly longestTaskMs: number;
}

/** A frame or task this long is a visible stall: the Long Tasks API's threshold. */
export const LONG_FRAME_MS = 50;

/**
 * Summarises the frames between `from` and `to` (same clock as `frames`): every gap between consecutive frame
 * timestamps that overlaps the window, so a stall that began just before `from` still counts.
 *
 * @example
 * ```ts
 * frameStats([0, 16, 33, 120], [], 10, 200).longestFrameMs; // 87
 * ```
 */
export function frameStats(
  frames: readonly number[],
  longTasks: readonly { readonly start: number; readonly duration: number }[],
  from: number,
  to: number,
): FrameStats {
  const gaps: number[] = [];
  for (let i = 1; i < frames.length; i++) {
    const previous = frames[i - 1]!;
    const current = frames[i]!;
    if (current > from && previous < to) gaps.push(current - previous);
  }
  gaps.sort((a, b) => a - b);
  const tasks = longTasks.filter((task) => task.start >= from && task.start < to);
  return {
    frames: gaps.length,
    medianFrameMs: gaps.length === 0 ? 0 : gaps[Math.floor(gaps.length / 2)]!,
    longestFrameMs: gaps.at(-1) ?? 0,
    framesOver50Ms: gaps.filter((gap) => gap > LONG_FRAME_MS).length,
    longTasks: tasks.length,
    longestTaskMs: tasks.reduce((longest, task) => Math.max(longest, task.duration), 0),
  };
}
