import { Box, Text } from 'ink';
import type { ShellActionRequest } from '../types.js';
import { useTheme } from '../useTheme.js';

const VERB = { reboot: 'Reboot', shutdown: 'Shut down' } as const;

/** The question always names the object and its cluster (DESIGN.md safety rule). */
export function confirmQuestion(req: ShellActionRequest): string {
  if (req.kind === 'screen') return `${req.question} y/N`;
  return `${VERB[req.kind]} ${req.node} in cluster ${req.cluster}? y/N`;
}

export function ConfirmDialog({ request, height }: { request: ShellActionRequest; height: number }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column" height={height}>
      <Box borderStyle="round" borderColor={theme.color('warn')} paddingX={1} flexDirection="column">
        <Text color={theme.color('warn')} bold={theme.emphasis}>
          {confirmQuestion(request)}
        </Text>
        <Text color={theme.color('muted')}>y confirms · n, Esc or Enter cancels</Text>
      </Box>
    </Box>
  );
}
