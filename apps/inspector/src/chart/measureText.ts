// Average advance widths of the system UI font at 1px, by character class. A DOM-free estimate is enough for box
// and label sizes (the layout runs in tests and before anything is painted); the CSS keeps text inside with padding.
const NARROW = new Set("iljtfrI.,:;|!'()[] ".split(''));
const WIDE = new Set('mwMWOQGDHNU@%'.split(''));

/**
 * Estimated width in px of `text` set in the app's system font at `fontSize` px.
 *
 * @example
 * ```ts
 * measureText('tokenValid', 13); // ≈ 70
 * ```
 */
export function measureText(text: string, fontSize: number): number {
  let units = 0;
  for (const char of text) {
    if (NARROW.has(char)) units += 0.3;
    else if (WIDE.has(char)) units += 0.85;
    else if (char >= 'A' && char <= 'Z') units += 0.66;
    else units += 0.56;
  }
  return Math.ceil(units * fontSize);
}
