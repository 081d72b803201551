import { useMemo } from 'react';
import type { KeyBinding } from '../../keys.js';
import { DrillDownTable } from '../../table/DrillDownTable.js';
import { useDrillDown } from '../../table/useDrillDown.js';
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
  const drill = useDrillDown<NodeRef>(setScopes, SCOPES, DETAIL_SCOPES);
  const detail = drill.target;
  const rows = useMemo(() => nodeRows(state), [state]);
  const columns = useMemo(() => nodeColumns(rows), [rows]);
  const notices = useMemo(() => clusterNotices(state).slice(0, Math.floor(height / 2)), [state, height]);
  const table = useTable(rows, columns, width, height - notices.length, filter);
  const shown = useNodeDetail(state, detail, width, height);

  useScreenCommands(input, (id) => {
    const selected = detail ?? (table.selectedRow && { cluster: table.selectedRow.node.cluster, name: table.selectedRow.node.name });
    switch (id) {
      case 'nodes.open':
        return selected && drill.open(selected, shown);
      case 'detail.back':
        return drill.back();
      case 'nodes.reboot':
      case 'detail.reboot':
        return selected && requestAction({ kind: 'reboot', ...nameOf(selected) });
      case 'nodes.shutdown':
      case 'detail.shutdown':
        return selected && requestAction({ kind: 'shutdown', ...nameOf(selected) });
      default:
        return drill.pass(id, table, shown);
    }
  });

  return <DrillDownTable title="Nodes" model={table} height={height} notices={notices} empty={emptyTableLine(state, filter)} detail={detail && shown.visible} />;
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
