/**
 * The network's part of the dashboard: one snapshot of all three views, taken together so the BGP
 * rules can use the LB IP counts of the pools view. The dashboard keeps its NetSources (and so
 * the router's one SSH connection) across looks and hands the previous snapshot back, for the
 * "link failures grew" rule.
 */
import type { ClusterConfig, PlatConfig } from '../config/index.js';
import type { Finding } from '../fleet/model.js';
import { collectBgp, collectBonds, collectPools, lbIpCounts, type BgpView, type BondsReport, type CollectOptions, type PoolsReport } from './collect.js';
import type { NetSources } from './net-sources.js';

export interface NetworkSnapshot {
  at: number;
  bonds: BondsReport;
  bgp: BgpView;
  pools: PoolsReport;
  /** All three views' findings (bonds, BGP, pools), in that order. */
  findings: Finding[];
}

export async function collectNetwork(config: PlatConfig, clusters: readonly ClusterConfig[], sources: NetSources, o: CollectOptions & { previous?: NetworkSnapshot } = {}): Promise<NetworkSnapshot> {
  const { previous, ...base } = o;
  const [bonds, pools] = await Promise.all([
    collectBonds(config, clusters, sources, { ...base, ...(previous ? { previous: previous.bonds.looks } : {}) }),
    collectPools(config, clusters, sources, base),
  ]);
  const bgp = await collectBgp(config, clusters, sources, { ...base, lbIps: lbIpCounts(pools) });
  // Keep older looks of nodes not seen this time, so a node that comes back is still compared.
  if (previous) bonds.looks = { ...previous.bonds.looks, ...bonds.looks };
  const now = base.now ?? Date.now;
  return { at: now(), bonds, bgp, pools, findings: [...bonds.findings, ...bgp.findings, ...pools.findings] };
}
