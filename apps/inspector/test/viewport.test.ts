import { describe, expect, it } from 'vitest';
import { centreOn, fitViewport, MAX_FIT_SCALE, MIN_SCALE, zoomAt } from '../src/chart/viewport.ts';

describe('chart viewport (zoom, pan, fit, centre)', () => {
  it('fits the whole chart, centred, never enlarged past the cap', () => {
    const fit = fitViewport({ width: 1000, height: 500 }, { width: 524, height: 400 });
    expect(fit.scale).toBeCloseTo(0.5);
    expect(fit.x).toBeCloseTo(12);
    expect(fit.y).toBeCloseTo((400 - 250) / 2);
    expect(fitViewport({ width: 10, height: 10 }, { width: 1000, height: 1000 }).scale).toBe(MAX_FIT_SCALE);
    expect(fitViewport({ width: 0, height: 0 }, { width: 100, height: 100 })).toEqual({ x: 0, y: 0, scale: 1 });
  });

  it('zooms around the cursor: the chart point under it stays put', () => {
    const view = { x: 30, y: 40, scale: 0.8 };
    const at = { x: 200, y: 120 };
    const chartPoint = { x: (at.x - view.x) / view.scale, y: (at.y - view.y) / view.scale };
    const zoomed = zoomAt(view, 1.5, at);
    expect(zoomed.scale).toBeCloseTo(1.2);
    expect(chartPoint.x * zoomed.scale + zoomed.x).toBeCloseTo(at.x);
    expect(chartPoint.y * zoomed.scale + zoomed.y).toBeCloseTo(at.y);
    expect(zoomAt(view, 0.0001, at).scale).toBe(MIN_SCALE);
  });

  it('centres a box in the canvas, at least at actual size', () => {
    const view = centreOn(
      { x: 0, y: 0, scale: 0.5 },
      { x: 100, y: 100, width: 50, height: 20 },
      { width: 400, height: 300 },
    );
    expect(view).toEqual({ scale: 1, x: 75, y: 40 });
    expect(
      centreOn({ x: 0, y: 0, scale: 2 }, { x: 0, y: 0, width: 10, height: 10 }, { width: 100, height: 100 }).scale,
    ).toBe(2);
  });
});
