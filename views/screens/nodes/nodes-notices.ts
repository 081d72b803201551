/**
 * Lines above the Nodes table for clusters whose rows are missing or doubtful. "Syncing…" is not
 * "No nodes" (k9s): a cluster still waiting says so, an unreachable one says why, while the other
 * clusters' rows keep updating below.
 */
import { clusterVerdict, type FleetState } from '../../../src/fleet/index.js';
import type { Line } from '../../segments.js';
import { clusterProblems } from '../../source-problems.js';

export function clusterNotices(state: FleetState): Line[] {
  const lines: Line[] = [];
  state.clusters.forEach((c, clusterIndex) => {
    const name = { text: c.name, clusterIndex, bold: true };
    const verdict = clusterVerdict(c, state.findings);
    const problems = clusterProblems(c);
    if (verdict === 'syncing') lines.push([name, { text: ' … syncing', tone: 'pending' }, { text: ' — waiting for the first answer', tone: 'muted' }]);
    else if (verdict === 'unreachable') lines.push([name, { text: ' ? unreachable', tone: 'error' }, { text: ` — ${problems.join('; ')}`, tone: 'muted' }]);
    else if (problems.length > 0) lines.push([name, { text: ` ! ${problems.join('; ')}`, tone: 'warn' }, { text: ' (showing what was last seen)', tone: 'muted' }]);
    else if (c.nodes.length === 0) lines.push([name, { text: ': no nodes reported', tone: 'muted' }]);
  });
  return lines;
}

/** What the table says when it has no row to show. */
export function emptyTableLine(state: FleetState, filter: string): Line {
  if (filter) return [{ text: `  no nodes match /${filter}`, tone: 'muted' }];
  const syncing = state.clusters.some((c) => clusterVerdict(c, state.findings) === 'syncing');
  if (syncing) return [{ text: '  … syncing — no node reported yet', tone: 'pending' }];
  return [{ text: '  No nodes', tone: 'muted' }];
}
