import { Box } from 'ink';
import { memo } from 'react';
import { LineText } from '../components/LineView.js';
import type { Line, Segment } from '../segments.js';
import { fit } from '../text-layout.js';
import type { Cell, PlacedColumn } from './table-model.js';
import type { TableModel } from './useTable.js';

function rowLine<R>(cells: readonly Cell[], placed: readonly PlacedColumn<R>[], gap: number, selected: boolean): Line {
  const out: Segment[] = [{ text: selected ? '› ' : '  ' }];
  placed.forEach((p, i) => {
    const cell = cells[p.index]!;
    out.push({ ...cell, text: fit(cell.text, p.width, p.column.align) });
    if (i < placed.length - 1) out.push({ text: ' '.repeat(gap) });
  });
  return out;
}

function headerLine<R>(model: TableModel<R>): Line {
  const sort = model.state.sort;
  const out: Segment[] = [{ text: '  ' }];
  model.placed.forEach((p, i) => {
    const mark = sort?.column === p.column.id ? (sort.desc ? '↓' : '↑') : '';
    out.push({ text: fit(p.column.title + mark, p.width, p.column.align), tone: 'muted', bold: true });
    if (i < model.placed.length - 1) out.push({ text: ' '.repeat(model.gap) });
  });
  return out;
}

interface RowProps {
  cells: readonly Cell[];
  placed: readonly PlacedColumn<unknown>[];
  gap: number;
  selected: boolean;
}

/**
 * One row, re-rendered only when its own props change: a keypress that moves the selection
 * repaints the row it left and the row it reached, not the whole window (cells, columns and gap
 * keep their identity between data changes, see useTable).
 */
const TableRow = memo(function TableRow({ cells, placed, gap, selected }: RowProps) {
  return <LineText line={rowLine(cells, placed, gap, selected)} inverse={selected} />;
});

export interface TableProps<R> {
  title: string;
  model: TableModel<R>;
  height: number;
  /** Shown instead of rows when nothing is left to show (e.g. "no nodes match /x"). */
  empty: Line;
}

/** Draws only the visible window of rows; everything else lives in the model. */
export function Table<R>({ title, model, height, empty }: TableProps<R>) {
  const { order, window, cells, placed, rows } = model;
  const count = order.length === rows.length ? `${rows.length}` : `${order.length}/${rows.length}`;
  const position = window.selected >= 0 ? `  row ${window.selected + 1}` : '';
  const titleLine: Line = [{ text: title, bold: true, tone: 'accent' }, { text: ` (${count})${position}`, tone: 'muted' }];
  const visible = order.slice(window.start, window.end);
  return (
    <Box flexDirection="column" height={height}>
      <LineText line={titleLine} />
      <LineText line={headerLine(model)} />
      {visible.length === 0 ? <LineText line={empty} /> : null}
      {visible.map((rowIndex, i) => {
        const selected = window.start + i === window.selected;
        return <TableRow key={rowIndex} cells={cells[rowIndex]!} placed={placed as readonly PlacedColumn<unknown>[]} gap={model.gap} selected={selected} />;
      })}
    </Box>
  );
}
