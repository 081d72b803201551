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

/** Word-wrap to `width` columns; words longer than a line are broken hard. */
export function wrap(text: string, width: number): string[] {
  const w = Math.max(1, width);
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let rest = word;
    while (cellWidth(rest) > w) {
      if (line) {
        lines.push(line);
        line = '';
      }
      const chars = [...rest];
      lines.push(chars.slice(0, w).join(''));
      rest = chars.slice(w).join('');
    }
    if (!rest) continue;
    if (!line) line = rest;
    else if (cellWidth(line) + 1 + cellWidth(rest) <= w) line += ' ' + rest;
    else {
      lines.push(line);
      line = rest;
    }
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}
