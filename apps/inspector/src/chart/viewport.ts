import type { Box } from './placeEdgeLabels.ts';

/** How the chart sits in its canvas: screen = chart × `scale` + (`x`, `y`). */
export interface Viewport {
  readonly x: number;
  readonly y: number;
  readonly scale: number;
}

/** A canvas size in CSS px. */
export interface Size {
  readonly width: number;
  readonly height: number;
}

/** Zoom limits: below 0.2 a 60-state chart is a smudge; above 4 a label fills the panel. */
export const MIN_SCALE = 0.2;
export const MAX_SCALE = 4;
/** Fitting never enlarges past this: a three-state chart should not be drawn with 40 px text. */
export const MAX_FIT_SCALE = 1.6;
const MARGIN = 12;

const clampScale = (scale: number) => Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));

/**
 * The viewport that shows the whole chart, centred, as large as the canvas allows (never above {@link MAX_FIT_SCALE}).
 *
 * @example
 * ```ts
 * fitViewport({ width: 400, height: 200 }, { width: 800, height: 400 }); // { x: 12, y: 12 + …, scale: 0.97 }
 * ```
 */
export function fitViewport(chart: Size, canvas: Size): Viewport {
  if (chart.width <= 0 || chart.height <= 0 || canvas.width <= 0 || canvas.height <= 0) return { x: 0, y: 0, scale: 1 };
  const scale = clampScale(
    Math.min((canvas.width - 2 * MARGIN) / chart.width, (canvas.height - 2 * MARGIN) / chart.height, MAX_FIT_SCALE),
  );
  return { x: (canvas.width - chart.width * scale) / 2, y: (canvas.height - chart.height * scale) / 2, scale };
}

/** The smallest text size "fit" draws, in CSS px: below it the chart's labels stop being readable. */
export const READABLE_TEXT_PX = 11;

/** Options of {@link fitReadable}. */
export interface ReadableFitOptions {
  /** The smallest font size the chart draws, in chart units (the edge labels' size). */
  readonly smallestFont: number;
  /** What stays in view when the whole chart cannot (chart coordinates): the active state; null: the chart's middle. */
  readonly around: Box | null;
  /** Also kept in view when it fits in the canvas together with `around`: the step just taken (its labels). */
  readonly alsoAround?: Box | null;
  /** The chart's text (labels, state boxes): where the chart must be cut, the canvas edges cut as few as they can. */
  readonly text?: readonly Box[];
  /** The smallest text allowed on screen, in CSS px (default {@link READABLE_TEXT_PX}). */
  readonly minTextPx?: number;
}

/** What {@link fitReadable} chose: the viewport, and whether it shows only part of the chart. */
export interface ReadableFit {
  readonly view: Viewport;
  readonly partial: boolean;
}

/** A stretch of one axis, in screen px from the chart's start. */
interface Span {
  readonly from: number;
  readonly to: number;
}

/** Room left between a label and a canvas edge placed beside it. */
const EDGE_GAP = 2;
/** How much more empty canvas than the margin may show past the chart's end, when that keeps a label whole. */
const CUT_SLACK = 40;

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/**
 * Where one axis of a chart drawn `size` long (screen px) starts in a canvas `extent` long. Centred when it fits.
 * Otherwise `focus` goes in the middle (or starts at the margin when it is longer than the canvas), never showing more
 * empty canvas than the margin past the chart's ends. Then, while `focus` stays inside the canvas, the start moves to
 * the nearest place where the canvas edges cut through the fewest `text` spans, even if that shows up to
 * {@link CUT_SLACK} more empty canvas past an end: a label sliced in half at the edge reads as a different word
 * ("EEDED"), a little empty canvas reads as nothing.
 */
function placeAxis(size: number, extent: number, focus: Span, text: readonly Span[]): number {
  const room = extent - 2 * MARGIN;
  if (size <= room) return (extent - size) / 2;
  const lowest = extent - MARGIN - size;
  if (focus.to - focus.from > extent) return clamp(MARGIN - focus.from, lowest, MARGIN);
  // Every start in [low, high] keeps the chart's ends within the margin and the focus inside the canvas; the cut may
  // move the start within [lowest cut, highest cut].
  const low = Math.max(lowest, -focus.from);
  const high = Math.min(MARGIN, extent - focus.to);
  const wanted = clamp(extent / 2 - (focus.from + focus.to) / 2, low, high);
  const lowestCut = Math.max(lowest - CUT_SLACK, -focus.from);
  const highestCut = Math.min(MARGIN + CUT_SLACK, extent - focus.to);
  const cuts = (start: number) => {
    let count = 0;
    for (const span of text) {
      const from = start + span.from;
      const to = start + span.to;
      if ((from < 0 && to > 0) || (from < extent && to > extent)) count++;
    }
    return count;
  };
  let best = wanted;
  let bestCuts = cuts(wanted);
  for (const span of text) {
    if (bestCuts === 0) break;
    // The canvas's near edge just before or just after the span, or its far edge just after or just before it.
    for (const start of [
      EDGE_GAP - span.from,
      -span.to - EDGE_GAP,
      extent - EDGE_GAP - span.to,
      extent + EDGE_GAP - span.from,
    ]) {
      if (start < lowestCut || start > highestCut) continue;
      const count = cuts(start);
      if (count < bestCuts || (count === bestCuts && Math.abs(start - wanted) < Math.abs(best - wanted))) {
        best = start;
        bestCuts = count;
      }
    }
  }
  return best;
}

/**
 * The smallest box holding all of `boxes`; null for none. Pure.
 *
 * @example
 * ```ts
 * boundsOf([{ x: 0, y: 0, width: 10, height: 10 }, { x: 20, y: 5, width: 10, height: 10 }]);
 * // { x: 0, y: 0, width: 30, height: 15 }
 * ```
 */
export function boundsOf(boxes: readonly Box[]): Box | null {
  if (boxes.length === 0) return null;
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  return {
    x,
    y,
    width: Math.max(...boxes.map((b) => b.x + b.width)) - x,
    height: Math.max(...boxes.map((b) => b.y + b.height)) - y,
  };
}

/**
 * "Fit" that keeps text readable: the whole chart, as {@link fitViewport} places it, unless that would draw text
 * smaller than `minTextPx` (11 px). Then the chart is drawn at the smallest readable scale instead, and `partial`
 * says so. It shows the part around `around` (the active state, kept inside the canvas whenever it fits in it), and
 * around `alsoAround` (the step just taken) too when both fit; where the chart is cut, the canvas edges pass between
 * labels rather than through them, when the room allows. A chart that shrinks until nothing can be read only looks
 * like an overview; the part that can be read is what a newcomer needs, and zooming out is one wheel turn away.
 *
 * @example
 * ```ts
 * fitReadable({ width: 2000, height: 1000 }, { width: 800, height: 500 }, {
 *   smallestFont: 12,
 *   around: { x: 900, y: 400, width: 100, height: 30 },
 * }); // { view: { scale: 0.9167, … }, partial: true } — the active state in the middle, 11 px text
 * ```
 */
export function fitReadable(chart: Size, canvas: Size, options: ReadableFitOptions): ReadableFit {
  const whole = fitViewport(chart, canvas);
  if (chart.width <= 0 || chart.height <= 0 || canvas.width <= 0 || canvas.height <= 0 || options.smallestFont <= 0) {
    return { view: whole, partial: false };
  }
  // Rounded up to 1/10,000: the browser composes the transform in single precision, and 11/12 could land a hair
  // below 11 px.
  const scale = clampScale(Math.ceil(((options.minTextPx ?? READABLE_TEXT_PX) / options.smallestFont) * 1e4) / 1e4);
  // A hair of tolerance: a chart that fits at 10.9999 px is drawn whole.
  if (whole.scale >= scale - 1e-9) return { view: whole, partial: false };
  let around = options.around ?? { x: chart.width / 2, y: chart.height / 2, width: 0, height: 0 };
  if (options.alsoAround != null) {
    const both = boundsOf([around, options.alsoAround]) ?? around;
    const fits = (length: number, extent: number) => length * scale <= extent - 2 * MARGIN;
    if (fits(both.width, canvas.width) && fits(both.height, canvas.height)) around = both;
  }
  const text = options.text ?? [];
  const y = placeAxis(
    chart.height * scale,
    canvas.height,
    { from: around.y * scale, to: (around.y + around.height) * scale },
    text.map((box) => ({ from: box.y * scale, to: (box.y + box.height) * scale })),
  );
  // Only text on the rows shown can be cut by the left and right edges.
  const shown = text.filter((box) => y + (box.y + box.height) * scale > 0 && y + box.y * scale < canvas.height);
  const x = placeAxis(
    chart.width * scale,
    canvas.width,
    { from: around.x * scale, to: (around.x + around.width) * scale },
    shown.map((box) => ({ from: box.x * scale, to: (box.x + box.width) * scale })),
  );
  return { view: { scale, x, y }, partial: true };
}

/**
 * Zooms by `factor` around a screen point (the cursor stays over the same spot of the chart).
 *
 * @example
 * ```ts
 * zoomAt({ x: 0, y: 0, scale: 1 }, 2, { x: 100, y: 50 }); // { x: -100, y: -50, scale: 2 }
 * ```
 */
export function zoomAt(view: Viewport, factor: number, at: { x: number; y: number }): Viewport {
  const scale = clampScale(view.scale * factor);
  const ratio = scale / view.scale;
  return { scale, x: at.x - (at.x - view.x) * ratio, y: at.y - (at.y - view.y) * ratio };
}

/**
 * The viewport that puts `box` (chart coordinates) in the middle of the canvas, at least at actual size so its text
 * is readable.
 *
 * @example
 * ```ts
 * centreOn({ x: 0, y: 0, scale: 0.5 }, { x: 100, y: 100, width: 50, height: 20 }, { width: 400, height: 300 });
 * // { scale: 1, x: 75, y: 40 }
 * ```
 */
export function centreOn(view: Viewport, box: Box, canvas: Size): Viewport {
  const scale = Math.max(view.scale, 1);
  return {
    scale,
    x: canvas.width / 2 - (box.x + box.width / 2) * scale,
    y: canvas.height / 2 - (box.y + box.height / 2) * scale,
  };
}
