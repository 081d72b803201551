/**
 * Width and height from the stdout Ink renders to (never process.stdout), so tests pick the size.
 * Ink 6 has no useWindowSize (it arrived in 7.0): listen for 'resize' ourselves.
 */
import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

export interface TerminalSize {
  columns: number;
  rows: number;
}

const read = (out: NodeJS.WriteStream): TerminalSize => ({
  // A pipe has no size: assume a classic 80×24 rather than collapsing the layout.
  columns: out.columns > 0 ? out.columns : 80,
  rows: out.rows > 0 ? out.rows : 24,
});

export function useTerminalSize(): TerminalSize {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => read(stdout));
  useEffect(() => {
    const onResize = () => setSize(read(stdout));
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}
