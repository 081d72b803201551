/**
 * One look at the network, per view: read every selected cluster (and the router) in parallel
 * through NetSources, then apply the pure rules. A source that fails becomes an error on that
 * source only — the rest of the view still shows. Each report is the model `-o json|yaml` prints.
 */
import type { ClusterConfig, PlatConfig } from '../config/index.js';
import { isPlatError } from '../errors/index.js';
import { sortFindings, type Finding } from '../findings/index.js';
import { readClusterBonds } from './bond/bond-source.js';
import { bondLook, type BondLook, type NodeBond } from './bond/model.js';
import { lookKey } from './bond/bond-history.js';
import { bondFindings } from './bond/rules.js';
import type { BgpReport, ClusterBgpSide, RouterSide } from './bgp/model.js';
import { pairSessions, routerAddresses } from './bgp/pairs.js';
import { bgpFindings } from './bgp/rules.js';
import { readClusterBgp, readClusterPools } from './cilium/cilium-source.js';
import type { LbPool } from './cilium/model.js';
import type { NetSources } from './net-sources.js';
import { poolFindings, type ClusterPools } from './pools/rules.js';

export interface CollectOptions {
  now?: () => number;
  signal?: AbortSignal;
}

const message = (e: unknown): string => (isPlatError(e) || e instanceof Error ? e.message : String(e));

export interface BondsReport {
  at: number;
  clusters: Array<{ cluster: string; nodes: NodeBond[] }>;
  findings: Finding[];
  /** The looks to keep for next time (key: cluster/node/bond). */
  looks: Record<string, BondLook>;
}

export async function collectBonds(config: PlatConfig, clusters: readonly ClusterConfig[], sources: NetSources, o: CollectOptions & { previous?: Record<string, BondLook>; withVersions?: boolean } = {}): Promise<BondsReport> {
  const now = o.now ?? Date.now;
  const expect = config.network.bond;
  const read = await Promise.all(
    clusters.map((c) =>
      readClusterBonds(sources.talosClient(c), c, { bondName: expect.name, now, ...(o.signal ? { signal: o.signal } : {}), ...(o.withVersions === false ? { withVersions: false } : {}) }),
    ),
  );
  const findings: Finding[] = [];
  const looks: Record<string, BondLook> = {};
  read.flat().forEach((nb) => {
    const key = lookKey(nb.cluster, nb.node, nb.bondName);
    const previous = o.previous?.[key];
    findings.push(...bondFindings({ current: nb, expect, ...(previous ? { previous } : {}) }));
    const look = bondLook(nb);
    if (look) looks[key] = look;
  });
  return { at: now(), clusters: clusters.map((c, i) => ({ cluster: c.name, nodes: read[i]! })), findings: sortFindings(findings), looks };
}

export type BgpView = BgpReport & { findings: Finding[] };

export async function collectBgp(config: PlatConfig, clusters: readonly ClusterConfig[], sources: NetSources, o: CollectOptions & { lbIps?: Record<string, number> } = {}): Promise<BgpView> {
  const now = o.now ?? Date.now;
  const [sides, routerRead] = await Promise.all([
    Promise.all(clusters.map((c) => clusterSide(c, sources))),
    sources.router ? sources.router.read(o.signal) : Promise.resolve(undefined),
  ]);
  let router: RouterSide | undefined;
  if (routerRead && config.router) {
    router = { target: routerRead.target, flavor: routerRead.flavor, addresses: routerAddresses(config), at: routerRead.at };
    if (config.router.asn !== undefined) router.asn = config.router.asn;
    if (routerRead.sessions) router.sessions = routerRead.sessions;
    if (routerRead.error) router.error = routerRead.error;
  }
  const selected = new Set(clusters.map((c) => c.name));
  const elsewhere = config.clusters.filter((c) => !selected.has(c.name)).flatMap((c) => c.nodes.map((n) => n.ip));
  const { pairs, unmatched } = pairSessions(sides, router, elsewhere);
  const report: BgpReport = { at: now(), clusters: sides, ...(router ? { router } : {}), pairs, unmatchedRouterSessions: unmatched };
  return { ...report, findings: sortFindings(bgpFindings({ report, now: report.at, ...(o.lbIps ? { lbIps: o.lbIps } : {}) })) };
}

async function clusterSide(c: ClusterConfig, sources: NetSources): Promise<ClusterBgpSide> {
  const side: ClusterBgpSide = {
    cluster: c.name,
    nodes: c.nodes.map((n) => ({ name: n.name, ip: n.ip })),
    expectedPeers: c.bgp?.peers ?? [],
  };
  if (c.bgp) side.localAsn = c.bgp.localASN;
  try {
    side.cilium = await readClusterBgp(await sources.kubeCluster(c), c.name);
  } catch (e) {
    side.error = message(e);
  }
  return side;
}

export interface PoolsReport {
  at: number;
  clusters: ClusterPools[];
  findings: Finding[];
}

export async function collectPools(config: PlatConfig, clusters: readonly ClusterConfig[], sources: NetSources, o: CollectOptions = {}): Promise<PoolsReport> {
  const now = o.now ?? Date.now;
  const configured = (c: ClusterConfig): LbPool[] =>
    c.lbPools.map((p) => ({ cluster: c.name, name: p.name, blocks: [p.cidr ? { cidr: p.cidr } : { start: p.start!, stop: p.stop! }], disabled: false }));
  const read = await Promise.all(
    clusters.map(async (c): Promise<ClusterPools> => {
      try {
        const r = await readClusterPools(await sources.kubeCluster(c), c.name);
        return { cluster: c.name, pools: r.pools, services: r.services, configured: configured(c) };
      } catch (e) {
        return { cluster: c.name, error: message(e), configured: configured(c) };
      }
    }),
  );
  // Clusters not selected still count for overlaps, with their plat.yaml pools.
  const selected = new Set(clusters.map((c) => c.name));
  const others = config.clusters.filter((c) => !selected.has(c.name)).map((c): ClusterPools => ({ cluster: c.name, configured: configured(c) }));
  const findings = poolFindings([...read, ...others]).filter((f) => selected.has(f.cluster));
  return { at: now(), clusters: read, findings: sortFindings(findings) };
}

/** LoadBalancer IPs per cluster from a pools report (feeds the BGP zero-routes rule). */
export function lbIpCounts(pools: PoolsReport): Record<string, number> {
  return Object.fromEntries(pools.clusters.map((c) => [c.cluster, new Set((c.services ?? []).flatMap((s) => s.ips)).size]));
}
