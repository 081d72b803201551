import { Box, Text } from 'ink';
import type { Line, Segment } from '../segments.js';
import { useTheme } from '../useTheme.js';

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

/** One terminal line; anything wider than the screen is cut, never wrapped onto the next line. */
export function LineText({ line, inverse = false }: { line: Line; inverse?: boolean }) {
  const theme = useTheme();
  return (
    <Text wrap="truncate-end" inverse={inverse && theme.emphasis}>
      {line.length === 0 ? ' ' : coalesce(line).map((s, i) => <SegmentText key={i} segment={s} />)}
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
