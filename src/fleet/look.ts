/** One look at the selected clusters with the real sources, for `plat status` and `plat nodes`. */
import type { ClusterConfig, PlatConfig } from '../config/index.js';
import { collectFleet } from './collect.js';
import type { FleetState } from './model.js';
import { platformSources } from './platform-sources.js';

export async function lookAtFleet(opts: { config: PlatConfig; clusters: ClusterConfig[]; env: NodeJS.ProcessEnv; isReadOnly: (c: ClusterConfig) => boolean; timeoutMs?: number }): Promise<FleetState> {
  const sources = platformSources(opts.config, opts.env);
  return collectFleet({ clusters: opts.clusters, sources, isReadOnly: opts.isReadOnly, now: Date.now, ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}) });
}
