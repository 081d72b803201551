/**
 * Fitting text to terminal cells. Everything plat prints in the dashboard (names, versions, the
 * status glyphs ✓ ▲ ✗ ? … •) is one cell wide, so a code point counts as one column.
 */
export const cellWidth = (s: string): number => [...s].length;

/** Truncate with an ellipsis, or pad with spaces, to exactly `width` columns. */
export function fit(s: string, width: number, align: 'left' | 'right' = 'left'): string {
  if (width <= 0) return '';
  const chars = [...s];
  if (chars.length > width) return width === 1 ? '…' : chars.slice(0, width - 1).join('') + '…';
  const pad = ' '.repeat(width - chars.length);
  return align === 'left' ? s + pad : pad + s;
}

/** Truncate only (no padding). */
export function clip(s: string, width: number): string {
  return cellWidth(s) > width ? fit(s, width) : s;
}

/**
 * Word-wrap to `width` columns, the first line to `firstWidth` (what is left of it after a lead).
 * A word too long for the first line that fits the others moves down whole, leaving the first
 * line empty; a word longer than a line is broken hard.
 */
export function wrap(text: string, width: number, firstWidth = width): string[] {
  const lines: string[] = [];
  const limit = () => Math.max(1, lines.length === 0 ? firstWidth : width);
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && cellWidth(line) + 1 + cellWidth(word) <= limit()) {
      line += ' ' + word;
      continue;
    }
    if (line) lines.push(line);
    let rest = word;
    if (lines.length === 0 && cellWidth(rest) > limit() && cellWidth(rest) <= Math.max(1, width)) lines.push('');
    while (cellWidth(rest) > limit()) {
      const n = limit();
      const chars = [...rest];
      lines.push(chars.slice(0, n).join(''));
      rest = chars.slice(n).join('');
    }
    line = rest;
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}
