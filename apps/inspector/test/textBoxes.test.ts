import { describe, expect, it } from 'vitest';
import type { ChartLayout } from '../src/chart/layoutChart.ts';
import { textBoxes } from '../src/chart/textBoxes.ts';

const node = (id: string, kind: 'atomic' | 'compound' | 'initial', x: number, y: number, w: number, h: number) => ({
  id,
  label: id,
  kind,
  depth: 0,
  invokes: [],
  description: null,
  x,
  y,
  width: w,
  height: h,
});

describe('textBoxes (what a partial fit should not cut in half)', () => {
  it('lists state boxes, the title of an open compound box, and edge labels; not entry dots or unlabelled edges', () => {
    const layout: ChartLayout = {
      width: 600,
      height: 400,
      nodes: [
        node('registered', 'compound', 10, 10, 400, 300),
        node('registered::initial', 'initial', 40, 40, 12, 12),
        node('requesting', 'atomic', 40, 80, 120, 34),
      ],
      edges: [
        {
          id: 'a',
          source: 'requesting',
          target: 'x',
          transitions: [],
          lines: ['TOKEN.FAILED'],
          kind: 'event',
          points: [],
          labelBox: { x: 200, y: 150, width: 90, height: 16 },
        },
        { id: 'b', source: 'x', target: 'y', transitions: [], lines: [], kind: 'initial', points: [], labelBox: null },
      ],
    };
    const boxes = textBoxes(layout);
    expect(boxes).toHaveLength(3);
    const [title, leaf, label] = boxes;
    // The compound box's title only: a canvas edge may pass through the rest of it.
    expect(title!.x).toBe(10);
    expect(title!.width).toBeGreaterThan(60);
    expect(title!.width).toBeLessThan(400);
    expect(title!.height).toBeLessThan(300);
    expect(leaf).toEqual({ x: 40, y: 80, width: 120, height: 34 });
    expect(label).toEqual({ x: 200, y: 150, width: 90, height: 16 });
  });
});
