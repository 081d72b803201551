import { Box, Text, useInput, useStdout } from 'ink';
import { useState } from 'react';
import { afterEach, describe, expect, test } from 'vitest';
import { cleanup, KEYS, render } from './render.js';

afterEach(cleanup);

function Width() {
  const { stdout } = useStdout();
  return (
    <Box flexDirection="column">
      <Text>columns={stdout.columns}</Text>
      <Text>{'x'.repeat(150)}</Text>
    </Box>
  );
}

function Counter() {
  const [n, setN] = useState(0);
  const [last, setLast] = useState('');
  useInput((input, key) => {
    if (key.downArrow) setN((x) => x + 1);
    else if (key.escape) setLast('escape');
    else setLast(input);
  });
  return <Text>n={n} last={last}</Text>;
}

describe('render harness', () => {
  test('Ink lays out at the width we choose (ink-testing-library is fixed at 100)', () => {
    for (const columns of [60, 120]) {
      const r = render(<Width />, { columns });
      expect(r.lines()[0]).toBe(`columns=${columns}`);
      // Text wider than the terminal wraps at the terminal's width.
      expect(r.lines()[1]).toBe('x'.repeat(columns));
      r.unmount();
    }
  });

  test('keys reach useInput; press waits for the frame to change', async () => {
    const r = render(<Counter />, { columns: 40 });
    expect(r.text()).toBe('n=0 last=');
    expect(await r.press(KEYS.down)).toBe('n=1 last=');
    // A lone ESC is held by Ink's parser until the next turn of the loop; press still sees it.
    expect(await r.press(KEYS.escape)).toBe('n=1 last=escape');
    expect(await r.type('ab')).toBe('n=1 last=b');
    expect(r.frames.length).toBeGreaterThanOrEqual(4);
  });

  test('waitForFrame fails with the last frame when nothing matches', async () => {
    const r = render(<Counter />, { columns: 40, timeoutMs: 50 });
    await expect(r.waitForFrame((t) => t.includes('never'))).rejects.toThrow(/no frame matched.*\n.*n=0/);
  });

  test('resize is seen by components reading useStdout', async () => {
    const r = render(<Width />, { columns: 100 });
    r.resize(70);
    r.rerender(<Width />);
    await r.waitForFrame((t) => t.startsWith('columns=70'));
    expect(r.lines()[1]).toBe('x'.repeat(70));
  });
});
