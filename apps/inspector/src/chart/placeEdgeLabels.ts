import type { Point } from './layoutChart.ts';

/** A box in chart coordinates. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A label to place on an edge. */
export interface LabelRequest {
  readonly id: string;
  readonly points: readonly Point[];
  readonly width: number;
  readonly height: number;
}

/** Where along an edge a label may sit, in order of preference. */
const FRACTIONS = [0.5, 0.35, 0.65, 0.2, 0.8, 0.1, 0.9];

/**
 * The point at `fraction` of a polyline's length.
 *
 * @example
 * ```ts
 * pointAlong([{ x: 0, y: 0 }, { x: 10, y: 0 }], 0.5); // { x: 5, y: 0 }
 * ```
 */
export function pointAlong(points: readonly Point[], fraction: number): Point {
  const first = points[0];
  if (first === undefined) return { x: 0, y: 0 };
  let total = 0;
  for (let i = 1; i < points.length; i++)
    total += Math.hypot(points[i]!.x - points[i - 1]!.x, points[i]!.y - points[i - 1]!.y);
  let remaining = total * Math.min(1, Math.max(0, fraction));
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    const length = Math.hypot(b.x - a.x, b.y - a.y);
    if (remaining <= length && length > 0) {
      const t = remaining / length;
      return { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t };
    }
    remaining -= length;
  }
  return points[points.length - 1]!;
}

/** Area shared by two boxes (0 when they do not overlap). */
const overlapArea = (a: Box, b: Box) =>
  Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)) *
  Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));

/**
 * Places labels on their edges without overlapping each other or the `obstacles` (state boxes) where it can: each
 * label tries points along its edge (middle first), then the same points beside, below and above the edge, and takes
 * the first free spot, else the spot with the least overlap. Greedy, in the
 * order given — pass the most important labels (the transition just taken) first. Pure, for the overlay label mode.
 *
 * @example
 * ```ts
 * const boxes = placeEdgeLabels([{ id: 'e', points, width: 80, height: 16 }], stateBoxes);
 * ```
 */
export function placeEdgeLabels(requests: readonly LabelRequest[], obstacles: readonly Box[]): Map<string, Box> {
  const placed = new Map<string, Box>();
  const taken: Box[] = [];
  for (const request of requests) {
    if (request.points.length === 0) continue;
    // Centred on the edge first; then beside it (right, left, below, above), which keeps short loops readable.
    const dx = request.width / 2 + 4;
    const dy = request.height + 2;
    const shifts = [
      [0, 0],
      [dx, 0],
      [-dx, 0],
      [0, dy],
      [0, -dy],
      [dx, dy],
      [-dx, dy],
      [dx, -dy],
      [-dx, -dy],
    ] as const;
    let chosen: Box | null = null;
    let best = Number.POSITIVE_INFINITY;
    search: for (const [shiftX, shiftY] of shifts) {
      for (const fraction of FRACTIONS) {
        const at = pointAlong(request.points, fraction);
        const box = {
          x: at.x - request.width / 2 + shiftX,
          y: at.y - request.height / 2 + shiftY,
          width: request.width,
          height: request.height,
        };
        let score = 0;
        for (const other of taken) score += overlapArea(box, other);
        for (const other of obstacles) score += overlapArea(box, other);
        if (score < best) {
          best = score;
          chosen = box;
          if (score === 0) break search;
        }
      }
    }
    if (chosen === null) continue;
    placed.set(request.id, chosen);
    taken.push(chosen);
  }
  return placed;
}
