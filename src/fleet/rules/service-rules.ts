/** Findings about Talos services (talosctl services): anything not Running, or health Fail. */
import type { ClusterState, Finding } from '../model.js';

/** Services whose failure takes the node (or the cluster) down with it. */
const VITAL = new Set(['etcd', 'kubelet', 'apid', 'machined', 'trustd', 'containerd', 'cri']);

export function serviceFindings(c: ClusterState): Finding[] {
  const out: Finding[] = [];
  for (const n of c.nodes) {
    if (!n.talosReachable) continue;
    for (const s of n.services) {
      // HEALTH "?" means the service has no health check (talos.md 4.4): only Fail counts.
      const bad = s.state !== 'Running' || s.health === 'Fail';
      if (!bad) continue;
      out.push({
        rule: 'talos.service-unhealthy',
        severity: VITAL.has(s.id) ? 'critical' : 'warning',
        cluster: c.name,
        subject: `${s.id} on ${n.name}`,
        what: `service ${s.id} on ${n.name} is ${s.state}${s.health && s.health !== '?' ? `/${s.health}` : ''}`,
        why: s.lastMessage ? `last event: ${s.lastMessage}` : 'talosctl services reports it not Running/OK',
        action: `read its log: plat node ${n.name} logs ${s.id} --tail 100${s.id === 'etcd' ? '; then plat etcd status' : ''}`,
      });
    }
  }
  return out;
}
