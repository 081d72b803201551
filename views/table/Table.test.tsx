import { useInput } from 'ink';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { ManualClock } from '../../src/lab/clock.js';
import type { ClusterState } from '../../src/fleet/index.js';
import { cleanup, KEYS, render } from '../../test/support/render.js';
import { Dashboard } from '../Dashboard.js';
import { sampleCluster, sampleNode, samplePlatform } from '../testing/fleet-samples.js';
import { MemoryFleetStore } from '../testing/memory-store.js';
import { ScriptedActions } from '../testing/scripted-actions.js';
import { Table } from './Table.js';
import type { ColumnDef } from './table-model.js';
import { useTable } from './useTable.js';

afterEach(cleanup);

interface Row { id: number; zone: string }
const ROWS: Row[] = Array.from({ length: 5000 }, (_, id) => ({ id, zone: `zone-${id % 7}` }));
const rowLines = (text: string) => text.split('\n').filter((l) => /^[› ] row-\d{4}/.test(l));

function countingColumns() {
  const cell = vi.fn((r: Row) => ({ text: `row-${String(r.id).padStart(4, '0')}` }));
  const sortKey = vi.fn((r: Row) => -r.id);
  const columns: ColumnDef<Row>[] = [
    { id: 'name', title: 'NAME', tier: 1, width: 8, cell, sortKey },
    { id: 'zone', title: 'ZONE', tier: 1, width: 8, grow: true, cell: (r) => ({ text: r.zone }) },
  ];
  return { columns, cell, sortKey };
}

const COMMANDS: Record<string, string> = { down: 'list.down', pagedown: 'list.pageDown', end: 'list.end', home: 'list.home', s: 'list.sort' };

/** A bare table driven by keys, to watch what a keypress costs. */
function Host({ rows, columns, height }: { rows: readonly Row[]; columns: ColumnDef<Row>[]; height: number }) {
  const model = useTable(rows, columns, 60, height, '');
  useInput((input, key) => {
    const name = key.downArrow ? 'down' : key.pageDown ? 'pagedown' : key.end ? 'end' : key.home ? 'home' : input;
    const id = COMMANDS[name];
    if (id) model.command(id);
  });
  return <Table title="Rows" model={model} height={height} empty={[{ text: 'none' }]} />;
}

describe('Table with 5,000 rows', () => {
  test('renders only the visible window and keeps the selection in it', async () => {
    const { columns } = countingColumns();
    const r = render(<Host rows={ROWS} columns={columns} height={12} />, { columns: 60, rows: 14 });
    expect(rowLines(r.text())).toHaveLength(10);
    expect(r.lines()[0]).toBe('Rows (5000)  row 1');
    await r.press(KEYS.pageDown);
    expect(r.lines()[0]).toBe('Rows (5000)  row 11');
    expect(rowLines(r.text())[9]).toMatch(/^› row-0010/);
    const end = await r.press(KEYS.end);
    expect(end.split('\n')[0]).toBe('Rows (5000)  row 5000');
    expect(rowLines(end)).toHaveLength(10);
    expect(rowLines(end)[9]).toMatch(/^› row-4999/);
  });

  test('a keypress neither recomputes cells nor re-sorts; new rows or a new sort do', async () => {
    const { columns, cell, sortKey } = countingColumns();
    const r = render(<Host rows={ROWS} columns={columns} height={12} />, { columns: 60, rows: 14 });
    expect(cell).toHaveBeenCalledTimes(5000);
    await r.press('s');
    expect(sortKey).toHaveBeenCalledTimes(5000);
    expect(rowLines(r.text())[0]).toMatch(/^› row-4999/);
    await r.press(KEYS.down);
    await r.press(KEYS.pageDown);
    await r.press(KEYS.end);
    await r.press(KEYS.home);
    expect(cell).toHaveBeenCalledTimes(5000);
    expect(sortKey).toHaveBeenCalledTimes(5000);
    r.rerender(<Host rows={ROWS.slice(0, 4000)} columns={columns} height={12} />);
    await r.waitForFrame((t) => t.startsWith('Rows (4000)'));
    expect(cell).toHaveBeenCalledTimes(9000);
    expect(sortKey).toHaveBeenCalledTimes(9000);
  });
});

describe('Nodes screen with 5,000 nodes', () => {
  test('windows the rows through the dashboard at 80 columns', async () => {
    const big = (name: string, id: number, first: number): ClusterState => ({
      ...sampleCluster(name, id, 0),
      nodes: Array.from({ length: 2500 }, (_, i) => sampleNode(name, `${name}-${String(i).padStart(4, '0')}`, `10.${first}.${i >> 8}.${i & 255}`)),
    });
    const state = samplePlatform({ clusters: [big('infra', 1, 25), big('apps', 2, 26)] });
    const r = render(
      <Dashboard store={new MemoryFleetStore(state)} actions={new ScriptedActions()} readOnly={false} onExit={() => {}} clock={new ManualClock()} initialScreen="nodes" />,
      { columns: 80, rows: 24 },
    );
    const nodeRows = (t: string) => t.split('\n').filter((l) => /^[› ] (infra|apps) +(infra|apps)-\d{4}/.test(l));
    // 24 rows: header, tabs, table title, column header, status line, footer and one row kept
    // free (see Dashboard) → 17 rows of nodes.
    expect(nodeRows(r.text())).toHaveLength(17);
    expect(r.lines()).toHaveLength(23);
    const end = await r.press(KEYS.end);
    expect(end).toContain('Nodes (5000)  row 5000');
    expect(nodeRows(end)).toHaveLength(17);
    expect(nodeRows(end)[16]).toMatch(/^› apps +apps-2499/);
    await r.press('/');
    await r.type('apps-24');
    expect(r.text()).toContain('Nodes (100/5000)');
  });
});
