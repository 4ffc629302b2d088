/** Input of {@link windowRange}. */
export interface WindowInput {
  readonly count: number;
  readonly rowHeight: number;
  readonly scrollTop: number;
  readonly viewportHeight: number;
  /** Extra rows rendered above and below the viewport so fast scrolling shows no gaps. */
  readonly overscan: number;
}

/** Rows to render: indexes `[start, end)` positioned at `offsetTop` inside a spacer of `totalHeight`. */
export interface WindowRange {
  readonly start: number;
  readonly end: number;
  readonly offsetTop: number;
  readonly totalHeight: number;
}

/**
 * Which rows of a fixed-row-height list to render for a scroll position (the timeline's windowing: only what is
 * visible plus `overscan` is in the DOM, so 10,000 rows cost as much as 40).
 *
 * @example
 * ```ts
 * windowRange({ count: 10_000, rowHeight: 28, scrollTop: 2800, viewportHeight: 560, overscan: 5 });
 * // { start: 95, end: 126, offsetTop: 2660, totalHeight: 280000 }
 * ```
 */
export function windowRange(input: WindowInput): WindowRange {
  const count = Math.max(0, Math.floor(input.count));
  const rowHeight = Math.max(1, input.rowHeight);
  const totalHeight = count * rowHeight;
  const maxScroll = Math.max(0, totalHeight - Math.max(0, input.viewportHeight));
  const scrollTop = Math.min(Math.max(0, input.scrollTop), maxScroll);
  const first = Math.floor(scrollTop / rowHeight);
  const visible = Math.ceil(Math.max(0, input.viewportHeight) / rowHeight) + 1;
  const start = Math.max(0, first - input.overscan);
  const end = Math.min(count, first + visible + input.overscan);
  return { start, end: Math.max(start, end), offsetTop: start * rowHeight, totalHeight };
}

/**
 * The scrollTop that brings row `index` into view with the least movement (unchanged when it is already visible).
 *
 * @example
 * ```ts
 * scrollTopFor({ index: 500, rowHeight: 28, scrollTop: 0, viewportHeight: 560 }); // 13468
 * ```
 */
export function scrollTopFor(input: {
  index: number;
  rowHeight: number;
  scrollTop: number;
  viewportHeight: number;
}): number {
  const top = input.index * input.rowHeight;
  const bottom = top + input.rowHeight;
  if (top < input.scrollTop) return top;
  if (bottom > input.scrollTop + input.viewportHeight) return Math.max(0, bottom - input.viewportHeight);
  return input.scrollTop;
}
