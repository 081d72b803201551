/** Version findings: Talos mixed within a cluster, talosctl vs servers, kubelet vs control plane skew. */
import type { ClusterState, Finding } from '../model.js';
import { compareVersions, minorDistance, parseVersion } from './versions.js';

export function versionFindings(c: ClusterState): Finding[] {
  const out: Finding[] = [];
  const talos = new Map<string, string[]>();
  for (const n of c.nodes) if (n.talosVersion) talos.set(n.talosVersion, [...(talos.get(n.talosVersion) ?? []), n.name]);
  if (talos.size > 1) {
    const parts = [...talos].map(([v, nodes]) => `${v} on ${nodes.join(', ')}`);
    out.push({
      rule: 'talos.version-mixed',
      severity: 'warning',
      cluster: c.name,
      subject: 'Talos versions',
      what: `${c.name} runs ${talos.size} Talos versions`,
      why: parts.join('; '),
      action: 'finish the upgrade so every node runs the same version: plat upgrade talos --cluster ' + c.name,
    });
  }
  const client = parseVersion(c.talosClientVersion);
  const servers = [...talos.keys()].map(parseVersion).filter((v) => v !== undefined);
  // Versions that do not parse (a node answering `unknown`) are left out; none left, no comparison.
  if (client && servers.length > 0) {
    const newest = servers.reduce((a, b) => (compareVersions(a, b) >= 0 ? a : b));
    const oldest = servers.reduce((a, b) => (compareVersions(a, b) <= 0 ? a : b));
    if (minorDistance(client, oldest) > 0 || minorDistance(newest, client) > 0) {
      const newer = minorDistance(client, oldest) > 0;
      out.push({
        rule: 'talos.client-skew',
        severity: 'warning',
        cluster: c.name,
        subject: 'talosctl',
        what: `talosctl ${client.raw} is ${newer ? 'newer' : 'older'} than the nodes (${newer ? oldest.raw : newest.raw})`,
        why: 'talosctl and Talos should share a minor version; output and flags change between minors',
        action: `use talosctl ${newer ? oldest.raw : `v${newest.major}.${newest.minor}.x`} for this cluster (or upgrade the nodes)`,
      });
    }
  }
  const cp = parseVersion(c.kubernetesVersion);
  if (cp) {
    for (const n of c.nodes) {
      const kv = parseVersion(n.kubeletVersion);
      if (!kv) continue;
      const behind = minorDistance(cp, kv);
      if (behind > 1 || behind < 0) {
        out.push({
          rule: 'kube.kubelet-skew',
          severity: behind < 0 ? 'critical' : 'warning',
          cluster: c.name,
          subject: n.name,
          what: behind < 0 ? `kubelet ${kv.raw} on ${n.name} is newer than the control plane ${cp.raw}` : `kubelet ${kv.raw} on ${n.name} is ${behind} minors behind the control plane ${cp.raw}`,
          why: behind < 0 ? 'a kubelet must never be newer than the API server' : 'plat flags kubelets more than one minor behind: the next control-plane upgrade would leave them unsupported',
          action: `finish the Kubernetes upgrade: plat upgrade k8s --cluster ${c.name} --to ${cp.raw.replace(/^v/, '')}`,
        });
      }
    }
  }
  return out;
}
