/**
 * A screen line as styled segments. View-models (pure) build lines; one component paints them.
 * Building lines in plain code keeps the line count known, so screens window exactly their height.
 */
import type { Tone } from './theme.js';
import { cellWidth, wrap } from './text-layout.js';

export interface Segment {
  text: string;
  tone?: Tone;
  /** Paint in the colour of the cluster with this index (config order). */
  clusterIndex?: number;
  bold?: boolean;
}

export type Line = readonly Segment[];

export const lineText = (line: Line): string => line.map((s) => s.text).join('');

const widthOf = (segs: readonly Segment[]) => segs.reduce((n, s) => n + cellWidth(s.text), 0);

/**
 * Wrap `text` to `width`, prefixing the first line with `first` and the others with `indent` spaces
 * (by default the width of `first`: a hanging indent, so a finding lines up under its subject).
 */
export function hangingLines(
  first: Segment[],
  text: string,
  width: number,
  tone?: Tone,
  indent = widthOf(first),
): Line[] {
  const lead = widthOf(first);
  // The first line is shorter by what precedes the text; the rest use the indent. A word too long
  // for the first line (a Flux object's name after a long subject) moves down whole (wrap).
  const body = wrap(text, Math.max(10, width - indent), Math.max(10, width - lead));
  return body.map((chunk, i) => [
    ...(i === 0 ? first : [{ text: ' '.repeat(indent) }]),
    tone === undefined ? { text: chunk } : { text: chunk, tone },
  ]);
}

/** Lay items out left to right, `sep` apart, starting a new line when the next would not fit. */
export function flowLines(items: readonly (readonly Segment[])[], width: number, sep = '  '): Line[] {
  const lines: Segment[][] = [];
  let line: Segment[] = [];
  for (const item of items) {
    if (line.length > 0 && widthOf(line) + sep.length + widthOf(item) > width) {
      lines.push(line);
      line = [];
    }
    line.push(...(line.length > 0 ? [{ text: sep }] : []), ...item);
  }
  lines.push(line);
  return lines;
}
