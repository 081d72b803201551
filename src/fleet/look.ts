/** One look at the selected clusters with the real sources, for `plat status` and `plat nodes`. */
import { setMaxListeners } from 'node:events';
import type { ClusterConfig, PlatConfig } from '../config/index.js';
import { collectFleet } from './collect.js';
import type { FleetState } from './model.js';
import { platformSources } from './platform-sources.js';
import { withPanels } from './live-store.js';
import { fluxFindings } from './flux-findings.js';
import { sortFindings } from '../findings/index.js';

export async function lookAtFleet(opts: {
  config: PlatConfig;
  clusters: ClusterConfig[];
  env: NodeJS.ProcessEnv;
  isReadOnly: (c: ClusterConfig) => boolean;
  timeoutMs?: number;
  /** Also look at bonds, BGP (both sides), LB pools, etcd and backups, and Flux, and merge their findings. */
  panels?: boolean;
}): Promise<FleetState> {
  const sources = platformSources(opts.config, opts.env);
  const fleet = collectFleet({ clusters: opts.clusters, sources, isReadOnly: opts.isReadOnly, now: Date.now, ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}) });
  if (!opts.panels) return fleet;
  const [{ netSources, collectNetwork }, { collectEtcdScreen }, { readFlux, fluxKubeFor }] = await Promise.all([import('../network/index.js'), import('../backup/index.js'), import('../flux/index.js')]);
  const ns = netSources(opts.config, opts.env);
  const signal = AbortSignal.timeout(opts.timeoutMs ?? 30_000);
  setMaxListeners(100, signal); // one signal shared by every call of every panel
  try {
    const [state, network, etcd, flux] = await Promise.all([
      fleet,
      collectNetwork(opts.config, opts.clusters, ns, { signal }),
      collectEtcdScreen({ config: opts.config, clusters: opts.clusters, env: opts.env, talosFor: (c) => sources.talosClient(c), now: Date.now, signal }),
      readFlux({ clusters: opts.clusters, kubeFor: fluxKubeFor(opts.config, opts.env) }),
    ]);
    const merged = withPanels(state, { network, etcd });
    const fluxes = fluxFindings({ ...flux, version: 0 }, merged.at);
    return fluxes.length ? { ...merged, findings: sortFindings([...merged.findings, ...fluxes]) } : merged;
  } finally {
    await ns.close();
  }
}
