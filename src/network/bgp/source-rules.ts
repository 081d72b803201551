/**
 * BGP findings about the sources themselves: a cluster or router that could not be read, the
 * legacy v2alpha1 PeeringPolicy (no status anywhere but in the agent), operator conditions on the
 * v2 intent, per-node reconcile errors, and router neighbors that belong to no node.
 */
import type { Finding } from '../../fleet/model.js';
import type { BgpSession } from '../router/model.js';
import type { ClusterBgpSide, RouterSide } from './model.js';
import { sinceText } from './since.js';

/** Findings about the router carry this in `cluster`: the router serves every cluster. */
export const ROUTER_FINDING_CLUSTER = 'router';

export function clusterSideFindings(c: ClusterBgpSide): Finding[] {
  const out: Finding[] = [];
  const f = (rule: string, severity: Finding['severity'], subject: string, what: string, why: string, action: string): Finding => ({ rule: `bgp.${rule}`, severity, cluster: c.cluster, subject, what, why, action });
  if (c.error) {
    out.push(f('cilium-unread', 'warning', 'Cilium BGP', `${c.cluster}: Cilium BGP status unknown`, c.error, 'check that the Kubernetes API of the cluster answers (kubectl get ciliumbgpnodeconfigs)'));
    return out;
  }
  const side = c.cilium;
  if (!side) return out;
  const legacy = side.intent.legacyPolicies;
  if (legacy.length > 0) {
    out.push(
      f('legacy-policy', 'info', 'Cilium BGP', `${c.cluster}: BGP set by the legacy CiliumBGPPeeringPolicy ${legacy.map((p) => p.name).join(', ')}: status not available with the legacy policy`,
        'cilium.io/v2alpha1 CiliumBGPPeeringPolicy has no status; when it selects a node, BGPv1 mode wins and CiliumBGPNodeConfig status stays empty',
        'migrate to cilium.io/v2 CiliumBGPClusterConfig, PeerConfig and Advertisement (the policy is deprecated in 1.18 and ignored from 1.19); meanwhile plat shows the router side only'),
    );
  }
  for (const cc of side.intent.clusterConfigs) {
    for (const problem of cc.problems) out.push(f('cluster-config', 'warning', `CiliumBGPClusterConfig ${cc.name}`, `${c.cluster}: CiliumBGPClusterConfig ${cc.name}: ${problem.split(':')[0]}`, problem, `kubectl describe ciliumbgpclusterconfig ${cc.name}`));
  }
  for (const pc of side.intent.peerConfigs) {
    for (const problem of pc.problems) out.push(f('peer-config', 'warning', `CiliumBGPPeerConfig ${pc.name}`, `${c.cluster}: CiliumBGPPeerConfig ${pc.name}: ${problem.split(':')[0]}`, problem, 'create the referenced Secret in the cilium namespace, or drop authSecretRef'));
  }
  for (const n of side.nodes) {
    if (n.reconcileError) out.push(f('reconcile-error', 'warning', `BGP on ${n.node}`, `${c.cluster}: Cilium on ${n.node} cannot apply its BGP config`, `cilium.io/BGPReconcileError: ${n.reconcileError}`, `kubectl describe ciliumbgpnodeconfig ${n.node}; cilium agent logs on ${n.node}`));
    if (n.statusMissing && legacy.length === 0) {
      out.push(f('status-missing', 'warning', `BGP on ${n.node}`, `${c.cluster}: no BGP status from ${n.node}`, `CiliumBGPNodeConfig ${n.node} has instances but no status.bgpInstances`, 'check bgpControlPlane.statusReport.enabled in the Cilium Helm values and that the agent on the node runs'));
    }
  }
  return out;
}

export function routerSideFindings(r: RouterSide, unmatched: readonly BgpSession[], now: number): Finding[] {
  const out: Finding[] = [];
  const f = (rule: string, severity: Finding['severity'], subject: string, what: string, why: string, action: string): Finding => ({ rule: `bgp.${rule}`, severity, cluster: ROUTER_FINDING_CLUSTER, subject, what, why, action });
  if (r.error) {
    out.push(f('router-unread', 'warning', `router ${r.target}`, `router ${r.target}: BGP sessions unknown`, `${r.error.kind}: ${r.error.message}`, r.error.hint ?? `check SSH to ${r.target} and the router settings in plat.yaml`));
  }
  for (const s of unmatched) {
    if (s.state === 'Established') continue;
    const since = s.downSinceMs !== undefined ? ` ${sinceText(s.downSinceMs, now)}` : '';
    out.push(
      f('router-stale-neighbor', 'info', `neighbor ${s.peerAddress}`, `router neighbor ${s.peerAddress} (AS ${s.remoteAs}) matches no node and is ${s.stateDetail ?? s.state}${since}`,
        'plat.yaml lists no node with that address', `remove the neighbor from the router, or add the node to plat.yaml`),
    );
  }
  return out;
}
