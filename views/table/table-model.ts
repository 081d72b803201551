/**
 * The table's model, pure: column choice by width, filter, sort and the visible window. The
 * component memoises each step on its inputs, so a keypress that only moves the selection never
 * re-filters or re-sorts (5,000 rows must scroll in one frame).
 */
import type { Segment } from '../segments.js';
import { cellWidth } from '../text-layout.js';

export type Cell = Segment;

export interface ColumnDef<R> {
  id: string;
  title: string;
  width: number;
  /** 1: always shown (identity, cluster badge); 2: from 80 columns; 3: from 120 columns. */
  tier: 1 | 2 | 3;
  /** Takes the room left over (at most one per table). */
  grow?: boolean;
  align?: 'left' | 'right';
  cell(row: R): Cell;
  /** Sort by this instead of the cell text (e.g. uptime seconds). */
  sortKey?(row: R): string | number;
}

export interface PlacedColumn<R> {
  column: ColumnDef<R>;
  index: number;
  width: number;
}

export const GUTTER = 2; // selection marker '› '

export const tierFor = (width: number): 1 | 2 | 3 => (width < 80 ? 1 : width < 120 ? 2 : 3);
/** Space between columns: one below 140 columns, where every cell counts. */
export const gapFor = (width: number): number => (width < 140 ? 1 : 2);

/** Columns shown at this width, with their widths; the grow column absorbs the slack or the lack. */
export function placeColumns<R>(columns: readonly ColumnDef<R>[], width: number): PlacedColumn<R>[] {
  const tier = tierFor(width);
  const placed = columns
    // One more than the title, for the sort mark (↑/↓) the header adds to it.
    .map((column, index) => ({ column, index, width: Math.max(column.width, cellWidth(column.title) + 1) }))
    .filter((p) => p.column.tier <= tier);
  const used = GUTTER + placed.reduce((n, p) => n + p.width, 0) + gapFor(width) * Math.max(0, placed.length - 1);
  const grow = placed.find((p) => p.column.grow);
  if (grow) grow.width = Math.max(cellWidth(grow.column.title) + 1, grow.width + (width - used));
  return placed;
}

export interface ParsedFilter {
  needle: string;
  invert: boolean;
}

/** `/text` keeps rows containing text in any visible cell (case-insensitive); `/!text` drops them. */
export function parseFilter(text: string): ParsedFilter | undefined {
  const invert = text.startsWith('!');
  const needle = (invert ? text.slice(1) : text).toLowerCase();
  return needle ? { needle, invert } : undefined;
}

export interface SortSpec {
  column: string;
  desc: boolean;
}

/** Row order after filter and sort, as indexes into the rows. Stable: ties keep the given order. */
export function orderRows<R>(
  rows: readonly R[],
  cells: readonly (readonly Cell[])[],
  placed: readonly PlacedColumn<R>[],
  filter: ParsedFilter | undefined,
  sort: SortSpec | undefined,
): number[] {
  let order = rows.map((_, i) => i);
  if (filter) {
    const cols = placed.map((p) => p.index);
    order = order.filter((i) => {
      const rowCells = cells[i]!;
      const hit = cols.some((c) => rowCells[c]!.text.toLowerCase().includes(filter.needle));
      return hit !== filter.invert;
    });
  }
  const col = sort && placed.find((p) => p.column.id === sort.column);
  if (sort && col) {
    const key = (i: number) => col.column.sortKey?.(rows[i]!) ?? cells[i]![col.index]!.text;
    const keys = new Map(order.map((i) => [i, key(i)]));
    const dir = sort.desc ? -1 : 1;
    order.sort((a, b) => {
      const ka = keys.get(a)!;
      const kb = keys.get(b)!;
      const c = typeof ka === 'number' && typeof kb === 'number' ? ka - kb : String(ka).localeCompare(String(kb));
      return c !== 0 ? c * dir : a - b;
    });
  }
  return order;
}

export interface TableState {
  selected: number;
  offset: number;
  sort: SortSpec | undefined;
}

export const initialTableState: TableState = { selected: 0, offset: 0, sort: undefined };

export interface Window {
  selected: number;
  start: number;
  end: number;
}

/** The visible slice, with the selection kept inside it (rows or height may have changed). */
export function windowOf(state: Pick<TableState, 'selected' | 'offset'>, count: number, height: number): Window {
  const h = Math.max(1, height);
  if (count === 0) return { selected: -1, start: 0, end: 0 };
  const selected = Math.min(Math.max(0, state.selected), count - 1);
  let start = Math.min(state.offset, selected);
  if (selected >= start + h) start = selected - h + 1;
  start = Math.max(0, Math.min(start, Math.max(0, count - h)));
  return { selected, start, end: Math.min(count, start + h) };
}

export type TableAction =
  | { type: 'move'; delta: number; count: number; height: number }
  | { type: 'home' }
  | { type: 'end'; count: number; height: number }
  | { type: 'cycle-sort'; columns: readonly string[] }
  | { type: 'reverse-sort'; columns: readonly string[] };

export function tableReducer(state: TableState, action: TableAction): TableState {
  switch (action.type) {
    case 'move': {
      const w = windowOf(state, action.count, action.height);
      const selected = Math.max(0, Math.min(action.count - 1, w.selected + action.delta));
      const next = windowOf({ selected, offset: w.start }, action.count, action.height);
      return { ...state, selected: Math.max(0, next.selected), offset: next.start };
    }
    case 'home':
      return { ...state, selected: 0, offset: 0 };
    case 'end': {
      const selected = Math.max(0, action.count - 1);
      return { ...state, selected, offset: Math.max(0, action.count - action.height) };
    }
    case 'cycle-sort': {
      // none → first column → … → last column → none (back to the source order)
      const at = state.sort ? action.columns.indexOf(state.sort.column) : -1;
      const next = action.columns[at + 1];
      return { ...state, sort: next === undefined ? undefined : { column: next, desc: false } };
    }
    case 'reverse-sort': {
      const first = action.columns[0];
      if (state.sort) return { ...state, sort: { ...state.sort, desc: !state.sort.desc } };
      return first === undefined ? state : { ...state, sort: { column: first, desc: true } };
    }
  }
}
