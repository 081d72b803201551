import { useCallback, useMemo, useReducer } from 'react';
import {
  initialTableState,
  orderRows,
  parseFilter,
  gapFor,
  placeColumns,
  tableReducer,
  windowOf,
  type Cell,
  type ColumnDef,
  type PlacedColumn,
  type TableState,
  type Window,
} from './table-model.js';

export interface TableModel<R> {
  rows: readonly R[];
  cells: readonly (readonly Cell[])[];
  placed: PlacedColumn<R>[];
  gap: number;
  /** Indexes into rows, filtered and sorted. */
  order: readonly number[];
  window: Window;
  state: TableState;
  /** Lines available for rows (height minus the title and column header). */
  rowsHeight: number;
  selectedRow: R | undefined;
  /** Apply a `list.*` command; false when the command is not the table's. */
  command(id: string): boolean;
}

/** Chrome lines the table draws above its rows: the title and the column header. */
export const TABLE_CHROME = 2;

export function useTable<R>(
  rows: readonly R[],
  columns: readonly ColumnDef<R>[],
  width: number,
  height: number,
  filter: string,
): TableModel<R> {
  const [state, dispatch] = useReducer(tableReducer, initialTableState);
  const placed = useMemo(() => placeColumns(columns, width), [columns, width]);
  // Cells are computed once per data arrival, not per keypress.
  const cells = useMemo(() => rows.map((r) => columns.map((c) => c.cell(r))), [rows, columns]);
  const parsed = useMemo(() => parseFilter(filter), [filter]);
  const order = useMemo(
    () => orderRows(rows, cells, placed, parsed, state.sort),
    [rows, cells, placed, parsed, state.sort],
  );
  const rowsHeight = Math.max(1, height - TABLE_CHROME);
  const window = windowOf(state, order.length, rowsHeight);
  const selectedIndex = window.selected >= 0 ? order[window.selected] : undefined;

  const count = order.length;
  const command = useCallback(
    (id: string): boolean => {
      const sortable = placed.map((p) => p.column.id);
      switch (id) {
        case 'list.up': dispatch({ type: 'move', delta: -1, count, height: rowsHeight }); return true;
        case 'list.down': dispatch({ type: 'move', delta: 1, count, height: rowsHeight }); return true;
        case 'list.pageUp': dispatch({ type: 'move', delta: -rowsHeight, count, height: rowsHeight }); return true;
        case 'list.pageDown': dispatch({ type: 'move', delta: rowsHeight, count, height: rowsHeight }); return true;
        case 'list.home': dispatch({ type: 'home' }); return true;
        case 'list.end': dispatch({ type: 'end', count, height: rowsHeight }); return true;
        case 'list.sort': dispatch({ type: 'cycle-sort', columns: sortable }); return true;
        case 'list.reverse': dispatch({ type: 'reverse-sort', columns: sortable }); return true;
        default: return false;
      }
    },
    [placed, count, rowsHeight],
  );

  return {
    rows,
    cells,
    placed,
    gap: gapFor(width),
    order,
    window,
    state,
    rowsHeight,
    selectedRow: selectedIndex === undefined ? undefined : rows[selectedIndex],
    command,
  };
}
