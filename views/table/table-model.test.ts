import { describe, expect, test } from 'vitest';
import {
  initialTableState,
  orderRows,
  parseFilter,
  placeColumns,
  tableReducer,
  windowOf,
  type ColumnDef,
} from './table-model.js';

interface Row { cluster: string; name: string; up: number }
const rows: Row[] = [
  { cluster: 'infra', name: 'infra-02', up: 30 },
  { cluster: 'apps', name: 'apps-01', up: 5 },
  { cluster: 'infra', name: 'infra-01', up: 30 },
  { cluster: 'apps', name: 'apps-03', up: 900 },
];
const columns: ColumnDef<Row>[] = [
  { id: 'cluster', title: 'CLUSTER', tier: 1, width: 7, cell: (r) => ({ text: r.cluster }) },
  { id: 'name', title: 'NAME', tier: 1, width: 8, cell: (r) => ({ text: r.name }) },
  { id: 'ip', title: 'IP', tier: 2, width: 15, cell: () => ({ text: '10.25.11.11' }) },
  { id: 'up', title: 'UPTIME', tier: 3, width: 6, cell: (r) => ({ text: `${r.up}s` }), sortKey: (r) => r.up },
  { id: 'notes', title: 'NOTES', tier: 1, width: 5, grow: true, cell: () => ({ text: '' }) },
];
const cells = rows.map((r) => columns.map((c) => c.cell(r)));

describe('placeColumns', () => {
  test('tier 1 below 80, tier 2 from 80, everything from 120; the grow column takes the rest', () => {
    const ids = (w: number) => placeColumns(columns, w).map((p) => p.column.id);
    expect(ids(60)).toEqual(['cluster', 'name', 'notes']);
    expect(ids(80)).toEqual(['cluster', 'name', 'ip', 'notes']);
    expect(ids(119)).toEqual(['cluster', 'name', 'ip', 'notes']);
    expect(ids(120)).toEqual(['cluster', 'name', 'ip', 'up', 'notes']);
    // 2 gutter + 8 (CLUSTER + room for the sort mark) + 8 + 15 + 3 gaps = 36 → notes gets 80 - 36
    expect(placeColumns(columns, 80).find((p) => p.column.id === 'notes')!.width).toBe(44);
  });
});

describe('filter and sort', () => {
  const placed = placeColumns(columns, 60);
  test('substring on any visible cell, case-insensitive; ! inverts', () => {
    expect(orderRows(rows, cells, placed, parseFilter('APPS'), undefined)).toEqual([1, 3]);
    expect(orderRows(rows, cells, placed, parseFilter('!apps'), undefined)).toEqual([0, 2]);
    expect(orderRows(rows, cells, placed, parseFilter('-0'), undefined)).toEqual([0, 1, 2, 3]);
    expect(parseFilter('')).toBeUndefined();
    expect(parseFilter('!')).toBeUndefined();
  });
  test('a hidden column is not searched', () => {
    expect(orderRows(rows, cells, placed, parseFilter('10.25'), undefined)).toEqual([]);
    expect(orderRows(rows, cells, placeColumns(columns, 80), parseFilter('10.25'), undefined)).toHaveLength(4);
  });
  test('sort is stable, numeric by sortKey, reversible', () => {
    const wide = placeColumns(columns, 120);
    expect(orderRows(rows, cells, wide, undefined, { column: 'cluster', desc: false })).toEqual([1, 3, 0, 2]);
    expect(orderRows(rows, cells, wide, undefined, { column: 'name', desc: true })).toEqual([0, 2, 3, 1]);
    // 900 > 30 numerically (as text "900s" < "30s")
    expect(orderRows(rows, cells, wide, undefined, { column: 'up', desc: true })).toEqual([3, 0, 2, 1]);
  });
});

describe('window and selection', () => {
  test('the selection stays inside the window', () => {
    expect(windowOf({ selected: 0, offset: 0 }, 100, 10)).toEqual({ selected: 0, start: 0, end: 10 });
    expect(windowOf({ selected: 15, offset: 0 }, 100, 10)).toEqual({ selected: 15, start: 6, end: 16 });
    expect(windowOf({ selected: 99, offset: 95 }, 100, 10)).toEqual({ selected: 99, start: 90, end: 100 });
    expect(windowOf({ selected: 50, offset: 0 }, 3, 10)).toEqual({ selected: 2, start: 0, end: 3 });
    expect(windowOf({ selected: 0, offset: 0 }, 0, 10)).toEqual({ selected: -1, start: 0, end: 0 });
  });
  test('moves, pages, home and end clamp at the edges', () => {
    let s = initialTableState;
    s = tableReducer(s, { type: 'move', delta: -1, count: 100, height: 10 });
    expect(s.selected).toBe(0);
    s = tableReducer(s, { type: 'move', delta: 10, count: 100, height: 10 });
    expect([s.selected, s.offset]).toEqual([10, 1]);
    s = tableReducer(s, { type: 'end', count: 100, height: 10 });
    expect([s.selected, s.offset]).toEqual([99, 90]);
    s = tableReducer(s, { type: 'move', delta: 10, count: 100, height: 10 });
    expect(s.selected).toBe(99);
    s = tableReducer(s, { type: 'home' });
    expect([s.selected, s.offset]).toEqual([0, 0]);
  });
  test('s cycles through the columns and back to the source order; S reverses', () => {
    const cols = ['cluster', 'name'];
    let s = tableReducer(initialTableState, { type: 'cycle-sort', columns: cols });
    expect(s.sort).toEqual({ column: 'cluster', desc: false });
    s = tableReducer(s, { type: 'cycle-sort', columns: cols });
    expect(s.sort).toEqual({ column: 'name', desc: false });
    s = tableReducer(s, { type: 'reverse-sort', columns: cols });
    expect(s.sort).toEqual({ column: 'name', desc: true });
    s = tableReducer(s, { type: 'cycle-sort', columns: cols });
    expect(s.sort).toBeUndefined();
    expect(tableReducer(initialTableState, { type: 'reverse-sort', columns: cols }).sort).toEqual({ column: 'cluster', desc: true });
  });
});
