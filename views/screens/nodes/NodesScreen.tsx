import { Box } from 'ink';
import { useMemo, useState } from 'react';
import type { KeyBinding } from '../../keys.js';
import { LineView } from '../../components/LineView.js';
import { Table } from '../../table/Table.js';
import { useTable } from '../../table/useTable.js';
import type { ScreenDef, ScreenProps } from '../../types.js';
import { useScreenCommands } from '../../useScreenCommands.js';
import { nodeColumns, nodeRows } from './nodes-columns.js';
import { clusterNotices, emptyTableLine } from './nodes-notices.js';
import { useNodeDetail, type NodeRef } from './useNodeDetail.js';

const SCOPES = ['nodes', 'list', 'sortable', 'filterable'] as const;
const DETAIL_SCOPES = ['node-detail', 'list'] as const;

function NodesScreen(props: ScreenProps) {
  const { state, width, height, filter, input, setScopes, requestAction } = props;
  const [detail, setDetail] = useState<NodeRef | undefined>(undefined);
  const rows = useMemo(() => nodeRows(state), [state]);
  const columns = useMemo(() => nodeColumns(rows), [rows]);
  const notices = useMemo(() => clusterNotices(state).slice(0, Math.floor(height / 2)), [state, height]);
  const table = useTable(rows, columns, width, height - notices.length, filter);
  const shown = useNodeDetail(state, detail, width, height);

  useScreenCommands(input, (id) => {
    const selected = detail ?? (table.selectedRow && { cluster: table.selectedRow.node.cluster, name: table.selectedRow.node.name });
    switch (id) {
      case 'nodes.open':
        if (!selected) return;
        shown.command('list.home');
        setDetail(selected);
        return setScopes(DETAIL_SCOPES);
      case 'detail.back':
        setDetail(undefined);
        return setScopes(SCOPES);
      case 'nodes.reboot':
      case 'detail.reboot':
        return selected && requestAction({ kind: 'reboot', ...nameOf(selected) });
      case 'nodes.shutdown':
      case 'detail.shutdown':
        return selected && requestAction({ kind: 'shutdown', ...nameOf(selected) });
      default:
        if (detail) shown.command(id);
        else table.command(id);
    }
  });

  if (detail) return <LineView lines={shown.visible} height={height} />;
  return (
    <Box flexDirection="column" height={height}>
      {notices.length > 0 ? <LineView lines={notices} height={notices.length} /> : null}
      <Table title="Nodes" model={table} height={height - notices.length} empty={emptyTableLine(state, filter)} />
    </Box>
  );
}

const nameOf = (r: NodeRef) => ({ cluster: r.cluster, node: r.name });

const KEYS: KeyBinding[] = [
  { id: 'nodes.open', keys: ['enter'], description: 'node details', hint: 'details', scope: 'nodes', visibleInFooter: true },
  { id: 'nodes.reboot', keys: ['R'], description: 'reboot node', hint: 'reboot', scope: 'nodes', dangerous: true, visibleInFooter: true },
  { id: 'nodes.shutdown', keys: ['X'], description: 'shut down node', hint: 'shutdown', scope: 'nodes', dangerous: true, visibleInFooter: true },
  { id: 'detail.back', keys: ['escape'], description: 'back to nodes', hint: 'back', scope: 'node-detail', visibleInFooter: true },
  { id: 'detail.reboot', keys: ['R'], description: 'reboot node', hint: 'reboot', scope: 'node-detail', dangerous: true, visibleInFooter: true },
  { id: 'detail.shutdown', keys: ['X'], description: 'shut down node', hint: 'shutdown', scope: 'node-detail', dangerous: true, visibleInFooter: true },
];

export const nodesScreen: ScreenDef = {
  id: 'nodes',
  title: 'Nodes',
  key: '2',
  aliases: ['no', 'node'],
  scopes: SCOPES,
  keys: KEYS,
  scopeTitles: { 'node-detail': 'Node detail' },
  component: NodesScreen,
};
