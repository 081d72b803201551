/**
 * What the Flux watch means for the Overview and the cluster badges: per cluster one finding for
 * the objects that are failing (Stalled, Failed), one for those blocked behind them (a dependency
 * or source not Ready) and one when the Flux API could not be read. Rows that are suspended or
 * still progressing are the operator's doing or normal work, not findings. Pure: the snapshot and
 * the time in, findings out.
 */
import { shortRef, sinceSeconds, type FluxClusterStatus, type FluxRow, type FluxSnapshot } from '../flux/index.js';
import { humanDuration } from '../time/index.js';
import type { Finding } from './model.js';

function age(r: FluxRow, now: number): string {
  const s = sinceSeconds(r, now);
  return s === undefined ? '' : ` for ${humanDuration(s)}`;
}

/** The longest-failing first: the one most likely to be the root of the others. */
function oldestFirst(rows: FluxRow[]): FluxRow[] {
  return [...rows].sort((a, b) => (Date.parse(a.since ?? '') || Infinity) - (Date.parse(b.since ?? '') || Infinity));
}

function listed(rows: FluxRow[], n = 3): string {
  const names = rows.slice(0, n).map(shortRef).join(', ');
  return rows.length > n ? `${names} and ${rows.length - n} more` : names;
}

/** One cluster's read state with its failing and its blocked rows, each oldest first. */
interface ClusterTrouble {
  status: FluxClusterStatus;
  failing: FluxRow[];
  blocked: FluxRow[];
}

/**
 * The part that walks every row, done once per snapshot: the store lays the same snapshot over
 * every Talos and Kubernetes answer (5,000 rows in the `large` lab), and a snapshot never changes
 * (the watch hands out a new one on every change). The findings themselves are a few per cluster
 * and are written again each time, since "stalled for 12m" moves with the clock.
 */
const troubles = new WeakMap<FluxSnapshot, ClusterTrouble[]>();

function troublesOf(snap: FluxSnapshot): ClusterTrouble[] {
  let found = troubles.get(snap);
  if (found) return found;
  const byCluster = new Map(snap.clusters.map((status) => [status.cluster, { status, failing: [] as FluxRow[], blocked: [] as FluxRow[] }]));
  for (const r of snap.rows) {
    const t = byCluster.get(r.cluster);
    if (r.state === 'Failed' || r.state === 'Stalled') t?.failing.push(r);
    else if (r.state === 'Blocked') t?.blocked.push(r);
  }
  found = [...byCluster.values()].map((t) => ({ ...t, failing: oldestFirst(t.failing), blocked: oldestFirst(t.blocked) }));
  troubles.set(snap, found);
  return found;
}

export function fluxFindings(snap: FluxSnapshot, now: number): Finding[] {
  const out: Finding[] = [];
  for (const { status: c, failing, blocked } of troublesOf(snap)) {
    if (c.state === 'unreachable' || c.state === 'error') {
      out.push({
        rule: 'flux.unread', severity: 'warning', cluster: c.cluster, subject: 'Flux',
        what: `Flux objects in ${c.cluster} could not be read`,
        why: c.error ?? `the Kubernetes API ${c.state === 'unreachable' ? 'does not answer' : 'refused the lists'}`,
        action: `check the API server and the kubeconfig context; plat flux get -A --cluster ${c.cluster}`,
      });
      continue;
    }
    if (failing.length) {
      const first = failing[0]!;
      out.push({
        rule: 'flux.failing', severity: 'critical', cluster: c.cluster, subject: shortRef(first),
        what: failing.length === 1 ? `Flux: ${shortRef(first)} is ${first.state.toLowerCase()}${age(first, now)}` : `Flux: ${failing.length} objects failing (${listed(failing)})`,
        why: `${first.reason || first.state}: ${first.message || 'no message'}`,
        action: `plat flux why ${shortRef(first)} --cluster ${c.cluster}; fix the cause, then plat flux reconcile ${shortRef(first)} --cluster ${c.cluster}`,
      });
    }
    if (blocked.length) {
      out.push({
        rule: 'flux.blocked', severity: 'warning', cluster: c.cluster, subject: shortRef(blocked[0]!),
        what: `Flux: ${blocked.length} object${blocked.length === 1 ? '' : 's'} waiting on a dependency or source (${listed(blocked)})`,
        why: `${blocked[0]!.reason || 'not ready'}: ${blocked[0]!.message || 'no message'}`,
        action: failing.length ? 'they follow once the failing objects above are fixed' : `plat flux why ${shortRef(blocked[0]!)} --cluster ${c.cluster}`,
      });
    }
  }
  return out;
}
