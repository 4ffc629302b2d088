import { describe, expect, it } from 'vitest';
import type { Box } from '../src/chart/placeEdgeLabels.ts';
import {
  centreOn,
  fitReadable,
  fitViewport,
  MAX_FIT_SCALE,
  MIN_SCALE,
  READABLE_TEXT_PX,
  type Size,
  type Viewport,
  zoomAt,
} from '../src/chart/viewport.ts';

/** A chart box as drawn on screen by `view`. */
const onScreen = (view: Viewport, box: Box) => ({
  left: view.x + box.x * view.scale,
  top: view.y + box.y * view.scale,
  right: view.x + (box.x + box.width) * view.scale,
  bottom: view.y + (box.y + box.height) * view.scale,
});
const inside = (view: Viewport, box: Box, canvas: Size) => {
  const r = onScreen(view, box);
  return r.left >= 0 && r.top >= 0 && r.right <= canvas.width && r.bottom <= canvas.height;
};

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

  describe('fitReadable: fit, but never below 11 px text', () => {
    const LABEL = 12;
    const readable = READABLE_TEXT_PX / LABEL;

    it('shows the whole chart, exactly as fitViewport does, when its text stays readable', () => {
      const chart = { width: 793, height: 545 };
      const canvas = { width: 985, height: 635 };
      const fit = fitReadable(chart, canvas, { smallestFont: LABEL, around: null });
      expect(fit).toEqual({ view: fitViewport(chart, canvas), partial: false });
      expect(fit.view.scale * LABEL).toBeGreaterThanOrEqual(READABLE_TEXT_PX);
    });

    it('draws at the readable scale with the active state in view when the whole chart would be smaller', () => {
      // The full DCR chart in the 1024×700 window: fitting it whole would draw 3 px text.
      const chart = { width: 2568, height: 1403 };
      const canvas = { width: 982, height: 388 };
      expect(fitViewport(chart, canvas).scale * LABEL).toBeLessThan(4);
      for (const active of [
        { x: 1200, y: 700, width: 100, height: 34 }, // in the middle
        { x: 10, y: 12, width: 100, height: 34 }, // at the top-left corner
        { x: 2450, y: 1360, width: 100, height: 34 }, // at the bottom-right corner
      ]) {
        const fit = fitReadable(chart, canvas, { smallestFont: LABEL, around: active });
        expect(fit.partial).toBe(true);
        expect(fit.view.scale).toBeCloseTo(readable);
        expect(fit.view.scale * LABEL).toBeGreaterThanOrEqual(READABLE_TEXT_PX);
        expect(inside(fit.view, active, canvas), `active at ${active.x},${active.y} in view`).toBe(true);
        // Never more empty canvas than the margin past the chart's ends: the canvas is all chart.
        const drawn = onScreen(fit.view, { x: 0, y: 0, ...chart });
        expect(drawn.left).toBeLessThanOrEqual(12);
        expect(drawn.top).toBeLessThanOrEqual(12);
        expect(drawn.right).toBeGreaterThanOrEqual(canvas.width - 12);
        expect(drawn.bottom).toBeGreaterThanOrEqual(canvas.height - 12);
      }
      // In the middle of a large chart the active state is centred.
      const middle = fitReadable(chart, canvas, {
        smallestFont: LABEL,
        around: { x: 1200, y: 700, width: 100, height: 34 },
      }).view;
      const r = onScreen(middle, { x: 1200, y: 700, width: 100, height: 34 });
      expect((r.left + r.right) / 2).toBeCloseTo(canvas.width / 2);
      expect((r.top + r.bottom) / 2).toBeCloseTo(canvas.height / 2);
    });

    it('centres an axis that fits and scrolls only the one that does not', () => {
      // Wide but short: at 11 px it is too wide for the canvas, not too tall.
      const chart = { width: 1018, height: 300 };
      const canvas = { width: 726, height: 447 };
      const fit = fitReadable(chart, canvas, {
        smallestFont: LABEL,
        around: { x: 900, y: 100, width: 90, height: 30 },
      });
      expect(fit.partial).toBe(true);
      expect(fit.view.y).toBeCloseTo((canvas.height - chart.height * readable) / 2);
      expect(inside(fit.view, { x: 900, y: 100, width: 90, height: 30 }, canvas)).toBe(true);
    });

    it('without an active state shows the middle of the chart; a box wider than the canvas shows its start', () => {
      const chart = { width: 3000, height: 2000 };
      const canvas = { width: 600, height: 400 };
      const middle = fitReadable(chart, canvas, { smallestFont: LABEL, around: null }).view;
      expect(middle.x + 1500 * middle.scale).toBeCloseTo(300);
      expect(middle.y + 1000 * middle.scale).toBeCloseTo(200);
      const wide = { x: 500, y: 500, width: 2000, height: 40 };
      const view = fitReadable(chart, canvas, { smallestFont: LABEL, around: wide }).view;
      expect(onScreen(view, wide).left).toBeCloseTo(12);
    });

    it('moves the cut between labels rather than through them, the active state still in view', () => {
      const chart = { width: 2000, height: 300 };
      const canvas = { width: 800, height: 400 };
      const active = { x: 1000, y: 100, width: 100, height: 30 };
      // Labels laid so that centring the active state would cut two of them, one at each edge.
      const centred = fitReadable(chart, canvas, { smallestFont: LABEL, around: active }).view;
      const atLeft = (0 - centred.x) / centred.scale;
      const atRight = (canvas.width - centred.x) / centred.scale;
      const text = [
        { x: atLeft - 40, y: 120, width: 110, height: 16 },
        { x: atRight - 60, y: 120, width: 110, height: 16 },
        { x: 1300, y: 40, width: 110, height: 16 },
        active,
      ];
      const cut = (view: Viewport) =>
        text.filter((box) => {
          const r = onScreen(view, box);
          return (r.left < 0 && r.right > 0) || (r.left < canvas.width && r.right > canvas.width);
        }).length;
      expect(cut(centred)).toBe(2);
      const fit = fitReadable(chart, canvas, { smallestFont: LABEL, around: active, text });
      expect(fit.partial).toBe(true);
      expect(cut(fit.view)).toBe(0);
      expect(inside(fit.view, active, canvas)).toBe(true);
      // It moved no further than it had to: less than a label's width.
      expect(Math.abs(fit.view.x - centred.x)).toBeLessThan(110 * fit.view.scale);
    });

    it('shows a little more empty canvas past the chart’s end rather than slice a label', () => {
      const chart = { width: 1000, height: 200 };
      const canvas = { width: 600, height: 400 };
      // The active state at the far right: fit puts the chart's right end at the margin.
      const active = { x: 900, y: 80, width: 90, height: 30 };
      const plain = fitReadable(chart, canvas, { smallestFont: LABEL, around: active }).view;
      expect(onScreen(plain, { x: 0, y: 0, ...chart }).right).toBeCloseTo(canvas.width - 12);
      // A label the left edge would cut in half, with room to hide it 20 px further left.
      const leftEdgeAt = -plain.x / plain.scale;
      const label = { x: leftEdgeAt - 60, y: 100, width: 80, height: 16 };
      const view = fitReadable(chart, canvas, { smallestFont: LABEL, around: active, text: [label, active] }).view;
      const r = onScreen(view, label);
      expect(r.right <= 0 || r.left >= 0, 'the label is whole or hidden').toBe(true);
      const end = onScreen(view, { x: 0, y: 0, ...chart }).right;
      expect(end).toBeLessThan(canvas.width - 12);
      expect(end).toBeGreaterThanOrEqual(canvas.width - 12 - 40);
      expect(inside(view, active, canvas)).toBe(true);
    });

    it('keeps the step just taken in view too when both fit, the active state alone otherwise', () => {
      const chart = { width: 2400, height: 600 };
      const canvas = { width: 1000, height: 600 };
      const active = { x: 800, y: 100, width: 100, height: 30 };
      const near = { x: 1500, y: 400, width: 150, height: 32 };
      const both = fitReadable(chart, canvas, { smallestFont: LABEL, around: active, alsoAround: near }).view;
      expect(inside(both, active, canvas)).toBe(true);
      expect(inside(both, near, canvas)).toBe(true);
      const far = { x: 2200, y: 400, width: 150, height: 32 };
      const alone = fitReadable(chart, canvas, { smallestFont: LABEL, around: active }).view;
      expect(fitReadable(chart, canvas, { smallestFont: LABEL, around: active, alsoAround: far }).view).toEqual(alone);
    });

    it('honours another text size and leaves degenerate sizes to fitViewport', () => {
      const fit = fitReadable(
        { width: 1000, height: 1000 },
        { width: 500, height: 500 },
        { smallestFont: 10, around: null, minTextPx: 8 },
      );
      expect(fit.view.scale).toBeCloseTo(0.8);
      expect(
        fitReadable({ width: 0, height: 0 }, { width: 100, height: 100 }, { smallestFont: 12, around: null }),
      ).toEqual({ view: { x: 0, y: 0, scale: 1 }, partial: false });
    });
  });
});
