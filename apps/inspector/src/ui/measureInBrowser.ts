import { measureText } from '../chart/measureText.ts';

let context: CanvasRenderingContext2D | null | undefined;
let family = '';

/**
 * Text width in px as the browser will draw it (canvas 2D `measureText` with the app's font stack), so boxes and
 * label backgrounds fit their text exactly; falls back to the DOM-free estimate without a canvas.
 *
 * @example
 * ```ts
 * buildElkGraph(root, [], { measure: measureInBrowser });
 * ```
 */
export function measureInBrowser(text: string, fontSize: number): number {
  if (context === undefined) {
    context = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
    family = context === null ? '' : getComputedStyle(document.documentElement).fontFamily || 'system-ui, sans-serif';
  }
  if (context === null) return measureText(text, fontSize);
  context.font = `${fontSize}px ${family}`;
  return Math.ceil(context.measureText(text).width);
}
