import { Box } from 'ink';
import type { Line } from '../segments.js';
import { LineText } from './LineView.js';

export function Header({ lines, tabs }: { lines: readonly Line[]; tabs: Line }) {
  return (
    <Box flexDirection="column">
      {lines.map((l, i) => (
        <LineText key={i} line={l} />
      ))}
      <LineText line={tabs} />
    </Box>
  );
}
