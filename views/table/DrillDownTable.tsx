import { Box } from 'ink';
import { LineView } from '../components/LineView.js';
import type { Line } from '../segments.js';
import { Table, type TableProps } from './Table.js';

export interface DrillDownTableProps<R> extends TableProps<R> {
  /** Lines above the table (cluster problems); `height` counts them. */
  notices: readonly Line[];
  /** The open row's detail lines, shown instead of the table; undefined while none is open. */
  detail: readonly Line[] | undefined;
}

/** A table under its notices or, while one of its rows is open (see useDrillDown), that row's detail. */
export function DrillDownTable<R>({ title, model, height, empty, notices, detail }: DrillDownTableProps<R>) {
  if (detail) return <LineView lines={detail} height={height} />;
  return (
    <Box flexDirection="column" height={height}>
      {notices.length > 0 ? <LineView lines={notices} height={notices.length} /> : null}
      <Table title={title} model={model} height={height - notices.length} empty={empty} />
    </Box>
  );
}
