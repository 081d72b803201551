/** The Nodes table: one row per node across clusters, columns dropped by tier at 80 and 120. */
import type { FleetState, NodeState } from '../../../src/fleet/index.js';
import type { ColumnDef } from '../../table/table-model.js';
import { cellWidth } from '../../text-layout.js';
import { orDash, readyCell, stageCell, unhealthyCell, uptimeText } from './node-cells.js';

export interface NodeRow {
  node: NodeState;
  clusterIndex: number;
}

export function nodeRows(state: FleetState): NodeRow[] {
  return state.clusters.flatMap((c, clusterIndex) => c.nodes.map((node) => ({ node, clusterIndex })));
}

const widest = (rows: readonly NodeRow[], pick: (n: NodeState) => string, min: number, max: number) =>
  Math.min(max, rows.reduce((w, r) => Math.max(w, cellWidth(pick(r.node))), min));

export function nodeColumns(rows: readonly NodeRow[]): ColumnDef<NodeRow>[] {
  return [
    { id: 'cluster', title: 'CLUSTER', tier: 1, width: widest(rows, (n) => n.cluster, 7, 16), cell: (r) => ({ text: r.node.cluster, clusterIndex: r.clusterIndex }) },
    { id: 'name', title: 'NAME', tier: 1, width: widest(rows, (n) => n.name, 4, 24), cell: (r) => ({ text: r.node.name, bold: true }) },
    { id: 'ip', title: 'IP', tier: 2, width: 15, cell: (r) => orDash(r.node.ip) },
    { id: 'role', title: 'ROLE', tier: 3, width: 12, cell: (r) => ({ text: r.node.role }) },
    { id: 'talos', title: 'TALOS', tier: 2, width: 7, cell: (r) => orDash(r.node.talosVersion) },
    { id: 'kubernetes', title: 'KUBERNETES', tier: 3, width: 10, cell: (r) => orDash(r.node.kubeletVersion) },
    { id: 'ready', title: 'READY', tier: 1, width: 10, cell: (r) => readyCell(r.node) },
    { id: 'uptime', title: 'UPTIME', tier: 3, width: 6, align: 'right', cell: (r) => ({ text: uptimeText(r.node.uptimeSeconds) }), sortKey: (r) => r.node.uptimeSeconds ?? -1 },
    { id: 'unhealthy', title: 'UNHEALTHY', tier: 1, width: 9, grow: true, cell: (r) => unhealthyCell(r.node) },
    { id: 'stage', title: 'STAGE', tier: 1, width: 11, cell: (r) => stageCell(r.node) },
  ];
}
