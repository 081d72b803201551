/** One look at the selected clusters with the real sources, for `plat status` and `plat nodes`. */
import type { ClusterConfig, PlatConfig } from '../config/index.js';
import { collectFleet } from './collect.js';
import type { FleetState } from './model.js';
import { platformSources } from './platform-sources.js';
import { withPanels } from './live-store.js';

export async function lookAtFleet(opts: {
  config: PlatConfig;
  clusters: ClusterConfig[];
  env: NodeJS.ProcessEnv;
  isReadOnly: (c: ClusterConfig) => boolean;
  timeoutMs?: number;
  /** Also look at bonds, BGP (both sides) and LB pools, and merge their findings. */
  network?: boolean;
}): Promise<FleetState> {
  const sources = platformSources(opts.config, opts.env);
  const fleet = collectFleet({ clusters: opts.clusters, sources, isReadOnly: opts.isReadOnly, now: Date.now, ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}) });
  if (!opts.network) return fleet;
  const { netSources, collectNetwork } = await import('../network/index.js');
  const ns = netSources(opts.config, opts.env);
  try {
    const [state, network] = await Promise.all([fleet, collectNetwork(opts.config, opts.clusters, ns, { signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000) })]);
    return withPanels(state, { network });
  } finally {
    await ns.close();
  }
}
