/** Findings about the sources themselves: a cluster plat could not look at is a finding, not a blank. */
import type { ClusterState, Finding } from '../model.js';

export function sourceFindings(c: ClusterState): Finding[] {
  const out: Finding[] = [];
  if (c.kube.state === 'error') {
    out.push({
      rule: 'source.kube-unreachable',
      severity: 'critical',
      cluster: c.name,
      subject: 'Kubernetes API',
      what: `cannot reach the Kubernetes API of ${c.name}`,
      why: c.kube.reason,
      action: `check the kubeconfig context and the API server: kubectl --context ${c.name} get --raw /readyz`,
    });
  }
  if (c.talos.state === 'error') {
    out.push({
      rule: 'source.talos-failed',
      severity: 'critical',
      cluster: c.name,
      subject: 'Talos API',
      what: `cannot query Talos for ${c.name}`,
      why: c.talos.reason,
      action: 'check talosctl is installed and the talosconfig context in plat.yaml',
    });
  }
  for (const [label, st] of [['Kubernetes API', c.kube], ['Talos API', c.talos]] as const) {
    if (st.state !== 'stale') continue;
    out.push({
      rule: 'source.stale',
      severity: 'warning',
      cluster: c.name,
      subject: label,
      what: `${c.name}: ${label} data is stale since ${new Date(st.since).toISOString().slice(11, 19)} UTC`,
      why: st.reason ? `the last refresh failed: ${st.reason}` : 'refreshes are failing',
      action: 'plat keeps retrying with back-off; what you see may be out of date',
    });
  }
  return out;
}
