import { afterEach, describe, expect, test } from 'vitest';
import { cleanup, render } from '../../test/support/render.js';
import type { Line } from '../segments.js';
import { ThemeContext } from '../useTheme.js';
import { colourTheme } from '../theme.js';
import { asciiRuns, LineText, LineWidthContext } from './LineView.js';

afterEach(cleanup);

const row: Line = [{ text: '› ' }, { text: 'infra', clusterIndex: 0 }, { text: ' ' }, { text: '✗ Failed', tone: 'error' }, { text: ' health check…' }];

describe('asciiRuns', () => {
  test('glyphs go into runs of their own, styles stay with their text', () => {
    const runs = asciiRuns(row);
    expect(runs.map((r) => r.map((s) => s.text).join(''))).toEqual(['›', ' infra ', '✗', ' Failed health check', '…']);
    expect(runs[1]).toEqual([{ text: ' ' }, { text: 'infra', clusterIndex: 0 }, { text: ' ' }]);
    expect(runs[3]![0]).toEqual({ text: ' Failed', tone: 'error' });
  });
  test('an ASCII line is one run', () => {
    expect(asciiRuns([{ text: 'plat', bold: true }, { text: '  infra' }])).toHaveLength(1);
  });
});

describe('LineText', () => {
  const draw = (line: Line, width: number | undefined, columns = 40) =>
    render(
      <ThemeContext.Provider value={colourTheme}>
        <LineWidthContext.Provider value={width}>
          <LineText line={line} inverse />
          <LineText line={[{ text: 'next line' }]} />
        </LineWidthContext.Provider>
      </ThemeContext.Provider>,
      { columns },
    ).text();

  test('split into runs, the line reads the same as drawn whole', () => {
    const whole = draw(row, undefined);
    expect(draw(row, 40)).toBe(whole);
    expect(whole.split('\n')[0]).toBe('› infra ✗ Failed health check…');
  });

  test('a line wider than the screen is cut once at the edge, as before', () => {
    const long: Line = [{ text: '✓ ' }, { text: 'x'.repeat(30) }, { text: ' ✗ ' }, { text: 'y'.repeat(30) }];
    const text = draw(long, 40);
    expect(text).toBe(draw(long, undefined));
    expect(text.split('\n')[0]).toBe(`✓ ${'x'.repeat(30)} ✗ ${'y'.repeat(4)}…`);
    expect(text.split('\n')[1]).toBe('next line');
  });
});
