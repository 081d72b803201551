import { Box, Text } from 'ink';
import { createContext, useContext } from 'react';
import type { Line, Segment } from '../segments.js';
import { cellWidth } from '../text-layout.js';
import { useTheme } from '../useTheme.js';

/**
 * The width a LineText spans (the dashboard's: every line sits at column 0 of a full-width column).
 * Unknown (undefined) outside the dashboard: lines are then drawn as one text, as before.
 */
export const LineWidthContext = createContext<number | undefined>(undefined);

function SegmentText({ segment }: { segment: Segment }) {
  const theme = useTheme();
  const color = segment.clusterIndex !== undefined ? theme.cluster(segment.clusterIndex) : theme.color(segment.tone);
  const bold = theme.emphasis && !!segment.bold;
  if (!color && !bold) return segment.text;
  return (
    <Text color={color} bold={bold}>
      {segment.text}
    </Text>
  );
}

const sameStyle = (a: Segment, b: Segment) => a.tone === b.tone && a.clusterIndex === b.clusterIndex && !!a.bold === !!b.bold;

/** Fewer Ink text nodes per line: each one costs a styling and measuring pass on every frame. */
function coalesce(line: Line): Segment[] {
  const out: Segment[] = [];
  for (const s of line) {
    const last = out.at(-1);
    if (last && sameStyle(last, s)) out[out.length - 1] = { ...last, text: last.text + s.text };
    else out.push(s);
  }
  return out;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * The line cut into runs of printable ASCII and runs of anything else (✓ ✗ ▲ … › —). Ink measures
 * every text on every frame with string-width, which takes a fast path only when the whole text
 * is printable ASCII; one glyph sends the whole line through Intl.Segmenter and the emoji regexes,
 * about a quarter of a 5,000-row table's repaint (scripts/bench/flux-screen.ts). As separate texts
 * only the glyphs pay that, a cell or two per line.
 */
export function asciiRuns(line: readonly Segment[]): Segment[][] {
  const runs: Segment[][] = [];
  let run: Segment[] = [];
  let ascii: boolean | undefined;
  for (const s of line) {
    for (const part of s.text.split(/([^\x20-\x7e]+)/)) {
      if (!part) continue;
      const isAscii = PRINTABLE_ASCII.test(part);
      if (ascii !== undefined && isAscii !== ascii) {
        runs.push(run);
        run = [];
      }
      ascii = isAscii;
      run.push({ ...s, text: part });
    }
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

/** One terminal line; anything wider than the screen is cut, never wrapped onto the next line. */
export function LineText({ line, inverse = false }: { line: Line; inverse?: boolean }) {
  const theme = useTheme();
  const width = useContext(LineWidthContext);
  const inv = inverse && theme.emphasis;
  const segments = coalesce(line);
  const runs = width !== undefined && segments.length > 0 ? asciiRuns(segments) : [];
  // Side by side only when the line fits: a line too wide keeps its one `…` at the screen's edge.
  if (runs.length > 1 && segments.reduce((n, s) => n + cellWidth(s.text), 0) <= width!) {
    return (
      <Box flexDirection="row">
        {runs.map((run, r) => (
          <Text key={r} wrap="truncate-end" inverse={inv}>
            {run.map((s, i) => (
              <SegmentText key={i} segment={s} />
            ))}
          </Text>
        ))}
      </Box>
    );
  }
  return (
    <Text wrap="truncate-end" inverse={inv}>
      {segments.length === 0 ? ' ' : segments.map((s, i) => <SegmentText key={i} segment={s} />)}
    </Text>
  );
}

/**
 * A window of lines (the caller slices); pads to `height` so the footer stays at the bottom.
 * No overflow="hidden": Ink then re-slices every line with slice-ansi on each frame, the most
 * expensive step of a repaint; our lines are already cut to the width and the height.
 */
export function LineView({ lines, height }: { lines: readonly Line[]; height: number }) {
  return (
    <Box flexDirection="column" height={height}>
      {lines.slice(0, height).map((l, i) => (
        <LineText key={i} line={l} />
      ))}
    </Box>
  );
}
