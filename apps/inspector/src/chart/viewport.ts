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
