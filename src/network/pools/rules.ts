/**
 * LB pool rules (pure). LB-IPAM works per cluster, so nothing stops two clusters from owning the
 * same range and handing out the same IP — both would then announce it over BGP and the router
 * keeps whichever path it prefers (network.md §3). Overlap and double assignment are therefore
 * checked across clusters; usage, conflicts and pending Services per cluster.
 */
import type { Finding, Severity } from '../../fleet/model.js';
import type { LbPool, LbService } from '../cilium/model.js';
import { blockLabel, blockRange, formatRange, rangesOverlap } from './ip-range.js';

export interface ClusterPools {
  cluster: string;
  /** Live pools; undefined when the API could not be read. */
  pools?: LbPool[];
  services?: LbService[];
  error?: string;
  /** plat.yaml `lbPools`, used for the overlap check when the live pools are unknown. */
  configured: LbPool[];
}

export const USAGE_WARNING = 0.9;

export function poolFindings(clusters: readonly ClusterPools[]): Finding[] {
  const out: Finding[] = [];
  const f = (cluster: string, rule: string, severity: Severity, subject: string, what: string, why: string, action: string): Finding => ({
    rule, severity, cluster, subject, what, why, action,
  });
  for (const c of clusters) {
    if (c.error) out.push(f(c.cluster, 'pools.unread', 'warning', 'LB pools', `${c.cluster}: LB pools unknown`, c.error, 'check that the Kubernetes API of the cluster answers (kubectl get ciliumloadbalancerippools)'));
    for (const p of c.pools ?? []) {
      const subject = `pool ${p.name}`;
      if (p.conflict) out.push(f(c.cluster, 'pool.conflict', 'critical', subject, `${c.cluster}: pool ${p.name} is in conflict`, p.conflict, 'make the pool blocks of this cluster disjoint; Cilium allocates nothing from a conflicting pool'));
      if (p.disabled) out.push(f(c.cluster, 'pool.disabled', 'info', subject, `${c.cluster}: pool ${p.name} is disabled`, 'spec.disabled: true — no new IPs are allocated from it', 'set spec.disabled: false if Services should get IPs from it'));
      const used = p.used ?? (p.total !== undefined && p.available !== undefined ? p.total - p.available : undefined);
      if (p.total && used !== undefined && used / p.total >= USAGE_WARNING) {
        out.push(f(c.cluster, 'pool.usage', 'warning', subject, `${c.cluster}: pool ${p.name} ${Math.round((used / p.total) * 100)}% used (${used} of ${p.total})`, `IPsUsed ${used}, IPsTotal ${p.total}${p.available !== undefined ? `, IPsAvailable ${p.available}` : ''}`, 'add a block to the pool (or free unused LoadBalancer Services) before new Services stay without an IP'));
      }
    }
    for (const s of c.services ?? []) {
      if (s.ips.length > 0) continue;
      const why = s.ipam && s.ipam.status !== 'True' ? `IPAMRequestSatisfied ${s.ipam.status} (${s.ipam.reason})${s.ipam.message ? `: ${s.ipam.message}` : ''}` : 'status.loadBalancer.ingress is empty and LB-IPAM left no reason';
      const action = s.ipam?.reason === 'out_of_ips' ? 'add IPs to a matching pool or free one' : s.ipam?.reason === 'no_pool' || s.ipam?.reason === 'pool_selector_mismatch' ? "make a pool's serviceSelector match this Service" : `kubectl -n ${s.namespace} describe service ${s.name}`;
      out.push(f(c.cluster, 'service.no-ip', 'warning', `service ${s.namespace}/${s.name}`, `${c.cluster}: Service ${s.namespace}/${s.name} has no LoadBalancer IP`, why, action));
    }
  }
  out.push(...crossClusterFindings(clusters, f));
  return out;
}

type Make = (cluster: string, rule: string, severity: Severity, subject: string, what: string, why: string, action: string) => Finding;

function crossClusterFindings(clusters: readonly ClusterPools[], f: Make): Finding[] {
  const out: Finding[] = [];
  const poolsOf = (c: ClusterPools) => ({ pools: c.pools ?? c.configured, from: c.pools ? 'the cluster' : 'plat.yaml' });
  for (const a of clusters) {
    for (const b of clusters) {
      if (a === b) continue;
      const pa = poolsOf(a);
      const pb = poolsOf(b);
      for (const x of pa.pools) {
        for (const y of pb.pools) {
          const overlap = x.blocks.flatMap((bx) => y.blocks.map((by) => ({ bx, by, r: overlapOf(bx, by) }))).find((o) => o.r);
          if (!overlap?.r) continue;
          out.push(
            f(a.cluster, 'pool.overlap', 'critical', `pool ${x.name}`, `${a.cluster}: pool ${x.name} overlaps pool ${y.name} of ${b.cluster} (${formatRange(overlap.r)})`,
              `${blockLabel(overlap.bx)} (${a.cluster}, from ${pa.from}) and ${blockLabel(overlap.by)} (${b.cluster}, from ${pb.from}); both clusters may assign and announce the same IP`,
              'give each cluster its own range (and update lbPools in plat.yaml)'),
          );
        }
      }
      const ipsB = new Map<string, LbService>();
      for (const s of b.services ?? []) for (const ip of s.ips) ipsB.set(ip, s);
      for (const s of a.services ?? []) {
        for (const ip of s.ips) {
          const other = ipsB.get(ip);
          if (!other) continue;
          out.push(
            f(a.cluster, 'pool.ip-in-both', 'critical', `service ${s.namespace}/${s.name}`, `${a.cluster}: LB IP ${ip} is also assigned in ${b.cluster}`,
              `${a.cluster} ${s.namespace}/${s.name} and ${b.cluster} ${other.namespace}/${other.name} both hold ${ip}; both clusters announce it and the router picks one path`,
              'move one Service to an IP of its own cluster range (lbipam.cilium.io/ips) and make the pools disjoint'),
          );
        }
      }
    }
  }
  return out;
}

function overlapOf(a: Parameters<typeof blockRange>[0], b: Parameters<typeof blockRange>[0]) {
  const ra = blockRange(a);
  const rb = blockRange(b);
  return ra && rb ? rangesOverlap(ra, rb) : undefined;
}
