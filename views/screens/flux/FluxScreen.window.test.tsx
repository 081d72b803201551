/**
 * 5,000 Flux objects (lab `large`): rows, columns and cells are derived once per data change, and
 * a keypress re-renders only the rows whose selection changed. Counted, not timed: the figure itself
 * (≤ 16 ms from key to repaint) is scripts/bench/flux-screen.ts's, on a real pty.
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import { ManualClock } from '../../../src/lab/clock.js';
import { cleanup, KEYS, render } from '../../../test/support/render.js';
import { Dashboard } from '../../Dashboard.js';
import { fluxPlatform, generatedFluxRows } from '../../testing/flux-samples.js';
import { MemoryFleetStore } from '../../testing/memory-store.js';
import { ScriptedActions } from '../../testing/scripted-actions.js';

const counts = vi.hoisted(() => ({ lines: 0, viewRows: 0, columns: 0 }));

vi.mock('../../components/LineView.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../components/LineView.js')>();
  return {
    ...real,
    LineText: (props: Parameters<typeof real.LineText>[0]) => {
      counts.lines++;
      return real.LineText(props);
    },
  };
});
vi.mock('./flux-columns.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('./flux-columns.js')>();
  return {
    ...real,
    fluxViewRows: (...args: Parameters<typeof real.fluxViewRows>) => (counts.viewRows++, real.fluxViewRows(...args)),
    fluxColumns: (...args: Parameters<typeof real.fluxColumns>) => (counts.columns++, real.fluxColumns(...args)),
  };
});

afterEach(cleanup);

const ROWS = 40;
const tableRows = (text: string) => text.split('\n').filter((l) => /^[› ] (infra|apps) /.test(l));

describe('5,000 Flux objects', () => {
  test('only the visible window is drawn, and a keypress re-renders just the rows it changed', async () => {
    const state = fluxPlatform({ rows: generatedFluxRows(5000) });
    const store = new MemoryFleetStore(state);
    const clock = new ManualClock();
    const r = render(<Dashboard store={store} actions={new ScriptedActions()} readOnly={false} onExit={vi.fn()} clock={clock} initialScreen="flux" noColor />, { columns: 120, rows: ROWS });
    // Failing first: every 97th object fails its health check (52 of them), then the Ready rest.
    expect(r.text()).toContain('Flux (5000)  row 1');
    const window = tableRows(r.text());
    const visible = window.length;
    // The badge line, tabs, status line, footer and one spare row; the table's title and header.
    expect(visible).toBe(ROWS - 5 - 2);
    expect(window.every((l) => l.includes('✗ Failed'))).toBe(true);
    const derived = { ...counts };

    const before = counts.lines;
    let t = await r.press('j');
    expect(t).toContain('row 2');
    expect(tableRows(t)[1]).toMatch(/^› /);
    const perKey = counts.lines - before;
    // The table redraws its title, its column header, the row the selection left and the row it
    // reached; the other rows of the window are memoised, and nothing is done per object.
    expect(perKey).toBeGreaterThanOrEqual(2);
    expect(perKey).toBeLessThanOrEqual(4);

    for (let i = 0; i < 3; i++) t = await r.press(KEYS.pageDown);
    expect(t).toContain(`row ${2 + 3 * visible}`);
    t = await r.press('G');
    expect(t).toContain('row 5000');
    expect(tableRows(t).at(-1)).toMatch(/^› .*✓ Ready/);
    expect(tableRows(t)).toHaveLength(visible);
    t = await r.press('k');
    expect(t).toContain('row 4999');
    // Six keypresses: no row, column or cell was derived again, and each drew one window.
    expect(counts.viewRows).toBe(derived.viewRows);
    expect(counts.columns).toBe(derived.columns);
    expect(counts.lines - before).toBeLessThanOrEqual(6 * (visible + 2));

    // A data change derives them once more (on the repaint throttle); the selection stays in range.
    store.set(fluxPlatform({ rows: generatedFluxRows(5000).slice(1) }));
    clock.advance(125);
    t = await r.waitForFrame((x) => x.includes('Flux (4999)'));
    expect(counts.viewRows).toBe(derived.viewRows + 1);
    expect(t).toContain('row 4999');
  });
});
