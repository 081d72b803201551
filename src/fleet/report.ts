/** Plain-text renderings of FleetState for `plat status` and `plat nodes` (pure). */
import type { ClusterState, FleetState, Finding, NodeState, Verdict } from './model.js';
import { clusterVerdict } from './rules/index.js';
import { humanDuration } from '../time/index.js';
import { formatFinding, plainStyler, type Styler } from '../findings/index.js';

const VERDICT: Record<Verdict, { glyph: string; tone: keyof Styler }> = {
  healthy: { glyph: '✓', tone: 'ok' },
  degraded: { glyph: '▲', tone: 'warn' },
  critical: { glyph: '✗', tone: 'error' },
  unreachable: { glyph: '?', tone: 'error' },
  syncing: { glyph: '…', tone: 'pending' },
};

export function verdictLabel(v: Verdict, st: Styler = plainStyler): string {
  const { glyph, tone } = VERDICT[v];
  return st[tone](`${glyph} ${v}`);
}

export function clusterSummary(c: ClusterState, findings: readonly Finding[]): string {
  const mine = findings.filter((f) => f.cluster === c.name);
  const parts: string[] = [];
  if (c.kube.state === 'error') parts.push(`Kubernetes API unreachable`);
  else {
    const ready = c.nodes.filter((n) => n.ready).length;
    parts.push(`${ready}/${c.nodes.length} nodes Ready`);
  }
  if (c.talos.state === 'error') parts.push('Talos API failing');
  else {
    const versions = [...new Set(c.nodes.map((n) => n.talosVersion).filter(Boolean))];
    if (versions.length) parts.push(`Talos ${versions.join(', ')}`);
  }
  if (c.kubernetesVersion) parts.push(`Kubernetes ${c.kubernetesVersion}`);
  if (mine.length) parts.push(`${mine.length} finding${mine.length === 1 ? '' : 's'}`);
  if (c.readOnly) parts.push('read-only');
  return parts.join(' · ');
}

export function formatStatus(state: FleetState, st: Styler = plainStyler): string {
  const width = Math.max(...state.clusters.map((c) => c.name.length));
  const verdicts = state.clusters.map((c) => clusterVerdict(c, state.findings));
  const vWidth = Math.max(...verdicts.map((v) => v.length + 2));
  const lines = state.clusters.map((c, i) => {
    const v = verdicts[i]!;
    // pad outside the colour codes so columns line up with colour on or off
    return `${st.bold(c.name.padEnd(width))}  ${verdictLabel(v, st)}${' '.repeat(vWidth - v.length - 2)}  ${clusterSummary(c, state.findings)}`;
  });
  if (state.findings.length) lines.push('');
  for (const f of state.findings) lines.push(...formatFinding(f, st));
  if (!state.findings.length) lines.push('', st.ok('No findings: every node is Ready, reachable and on matching versions.'));
  return lines.join('\n') + '\n';
}

export interface NodeRow {
  cluster: string;
  name: string;
  ip: string;
  role: string;
  talos: string;
  kubernetes: string;
  ready: string;
  uptime: string;
  unhealthy: string;
  stage: string;
}

export function nodeRows(state: FleetState): NodeRow[] {
  return state.clusters.flatMap((c) => c.nodes.map((n) => nodeRow(c, n)));
}

function nodeRow(c: ClusterState, n: NodeState): NodeRow {
  const unhealthy = n.services.filter((s) => s.state !== 'Running' || s.health === 'Fail').map((s) => s.id);
  const talosUnknown = c.talos.state === 'syncing' ? '…' : c.talos.state === 'error' ? '?' : '';
  return {
    cluster: c.name,
    name: n.name,
    ip: n.ip,
    role: n.role,
    talos: n.talosReachable ? n.talosVersion ?? talosUnknown ?? '' : 'unreachable',
    kubernetes: n.kubeletVersion ?? (c.kube.state === 'error' ? '?' : ''),
    ready: n.ready === undefined ? (c.kube.state === 'error' ? 'unknown' : '') : n.ready ? (n.cordoned ? 'Ready,SchedulingDisabled' : 'Ready') : 'NotReady',
    uptime: n.uptimeSeconds !== undefined ? humanDuration(n.uptimeSeconds) : '',
    unhealthy: unhealthy.join(','),
    stage: n.talosReachable ? n.stage ?? '' : '',
  };
}

/** Exit code of `plat status`: 0 healthy, 3 findings of warning or worse, 1 could not look at all. */
export function statusExitCode(state: FleetState): 0 | 1 | 3 {
  const blind = state.clusters.length > 0 && state.clusters.every((c) => c.kube.state === 'error' && c.talos.state === 'error');
  if (blind) return 1;
  return state.findings.some((f) => f.severity !== 'info') ? 3 : 0;
}
