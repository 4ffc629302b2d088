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
  /** The smallest text allowed on screen, in CSS px (default {@link READABLE_TEXT_PX}). */
  readonly minTextPx?: number;
}

/** What {@link fitReadable} chose: the viewport, and whether it shows only part of the chart. */
export interface ReadableFit {
  readonly view: Viewport;
  readonly partial: boolean;
}

/**
 * Where one axis of a chart drawn `size` long (screen px) starts in a canvas `extent` long: centred when it fits;
 * otherwise with the focus box (`from`, `length`: screen px from the chart's start) in the middle, or starting at the
 * margin when it is longer than the canvas, but never showing more empty canvas than the margin past the chart's ends.
 */
function placeAxis(size: number, extent: number, from: number, length: number): number {
  const room = extent - 2 * MARGIN;
  if (size <= room) return (extent - size) / 2;
  const wanted = length <= room ? extent / 2 - (from + length / 2) : MARGIN - from;
  return Math.min(MARGIN, Math.max(extent - MARGIN - size, wanted));
}

/**
 * "Fit" that keeps text readable: the whole chart, as {@link fitViewport} places it, unless that would draw text
 * smaller than `minTextPx` (11 px). Then the chart is drawn at the smallest readable scale instead, showing the part
 * around `around` (the active state, kept inside the canvas whenever it fits in it), and `partial` says so. A chart
 * that shrinks until nothing can be read only looks like an overview; the part that can be read is what a newcomer
 * needs, and zooming out is one wheel turn away.
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
  const readable = clampScale(Math.ceil(((options.minTextPx ?? READABLE_TEXT_PX) / options.smallestFont) * 1e4) / 1e4);
  // A hair of tolerance: a chart that fits at 10.9999 px is drawn whole.
  if (whole.scale >= readable - 1e-9) return { view: whole, partial: false };
  const scale = readable;
  const around = options.around ?? { x: chart.width / 2, y: chart.height / 2, width: 0, height: 0 };
  return {
    view: {
      scale,
      x: placeAxis(chart.width * scale, canvas.width, around.x * scale, around.width * scale),
      y: placeAxis(chart.height * scale, canvas.height, around.y * scale, around.height * scale),
    },
    partial: true,
  };
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
