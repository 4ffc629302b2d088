import type { Point } from './layoutChart.ts';

/**
 * An SVG path through `points` with rounded corners of radius `radius` (clamped to half of the shorter segment), so
 * orthogonal ELK routes read as smooth lines.
 *
 * @example
 * ```ts
 * roundedPath([{ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 10, y: 10 }], 4); // 'M0,0 L6,0 Q10,0 10,4 L10,10'
 * ```
 */
export function roundedPath(points: readonly Point[], radius = 6): string {
  const first = points[0];
  if (first === undefined) return '';
  const parts = [`M${first.x},${first.y}`];
  for (let i = 1; i < points.length; i++) {
    const point = points[i]!;
    const next = points[i + 1];
    if (next === undefined) {
      parts.push(`L${point.x},${point.y}`);
      break;
    }
    const previous = points[i - 1]!;
    const inLength = Math.hypot(point.x - previous.x, point.y - previous.y);
    const outLength = Math.hypot(next.x - point.x, next.y - point.y);
    const r = Math.min(radius, inLength / 2, outLength / 2);
    if (r <= 0) {
      parts.push(`L${point.x},${point.y}`);
      continue;
    }
    const before = {
      x: point.x - ((point.x - previous.x) / inLength) * r,
      y: point.y - ((point.y - previous.y) / inLength) * r,
    };
    const after = {
      x: point.x + ((next.x - point.x) / outLength) * r,
      y: point.y + ((next.y - point.y) / outLength) * r,
    };
    parts.push(`L${round(before.x)},${round(before.y)}`, `Q${point.x},${point.y} ${round(after.x)},${round(after.y)}`);
  }
  return parts.join(' ');
}

const round = (n: number) => Math.round(n * 100) / 100;
