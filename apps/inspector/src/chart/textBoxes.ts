import { LABEL_FONT, LINE, STATE_FONT } from './buildElkGraph.ts';
import type { ChartLayout } from './layoutChart.ts';
import { measureText } from './measureText.ts';
import type { Box } from './placeEdgeLabels.ts';

/**
 * Where a laid-out chart draws text, in chart coordinates: every edge label, every state box but a compound one, and
 * a compound box's title (its name and invoke lines, top left). What a partial "fit" should not cut in half
 * (fitReadable); the inside of a compound box is not text, so a canvas edge may pass through it. Pure.
 *
 * @example
 * ```ts
 * fitReadable(chart, canvas, { smallestFont: LABEL_FONT, around, text: textBoxes(layout) });
 * ```
 */
export function textBoxes(layout: ChartLayout): Box[] {
  const boxes: Box[] = [];
  for (const node of layout.nodes) {
    if (node.kind === 'initial') continue;
    const open = (node.kind === 'compound' || node.kind === 'parallel') && node.collapsed !== true;
    if (!open) {
      boxes.push({ x: node.x, y: node.y, width: node.width, height: node.height });
      continue;
    }
    // Drawn 10 px from the box's left edge (StatechartView), with the box's top padding below it.
    const textWidth = Math.max(
      measureText(node.label, STATE_FONT),
      ...node.invokes.map((src) => measureText(`invoke ${src}`, LABEL_FONT)),
    );
    boxes.push({
      x: node.x,
      y: node.y,
      width: Math.min(node.width, textWidth + 20),
      height: Math.min(node.height, LINE * (1 + node.invokes.length) + 10),
    });
  }
  for (const edge of layout.edges) if (edge.labelBox !== null && edge.lines.length > 0) boxes.push(edge.labelBox);
  return boxes;
}
