/** One look at the whole fleet: every cluster in parallel, both sources per cluster in parallel. */
import { setMaxListeners } from 'node:events';
import type { ClusterConfig } from '../config/index.js';
import { errorReason } from './reason.js';
import type { FleetState, SourceStatus } from './model.js';
import { mergeCluster, type ClusterInputs } from './merge.js';
import { evaluateFindings } from './rules/index.js';
import type { ClusterSources } from './sources.js';

export interface CollectOptions {
  clusters: ClusterConfig[];
  sources: ClusterSources;
  isReadOnly: (c: ClusterConfig) => boolean;
  now: () => number;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export async function collectFleet(opts: CollectOptions): Promise<FleetState> {
  const clusters = await Promise.all(
    opts.clusters.map(async (c) => {
      const inputs = await lookAtCluster(c, opts);
      return mergeCluster(c, inputs, opts.isReadOnly(c));
    }),
  );
  const at = opts.now();
  return { at, clusters, findings: evaluateFindings(clusters, at) };
}

async function lookAtCluster(c: ClusterConfig, opts: CollectOptions): Promise<ClusterInputs> {
  const signal = AbortSignal.any([AbortSignal.timeout(opts.timeoutMs ?? 20_000), ...(opts.signal ? [opts.signal] : [])]);
  setMaxListeners(100, signal);
  const [t, k] = await Promise.allSettled([opts.sources.talos(c, signal), opts.sources.kube(c, signal)]);
  const status = (r: PromiseSettledResult<unknown>): SourceStatus =>
    r.status === 'fulfilled' ? { state: 'ok', at: opts.now() } : { state: 'error', reason: errorReason(r.reason), since: opts.now() };
  return {
    talos: { status: status(t), view: t.status === 'fulfilled' ? t.value : undefined },
    kube: { status: status(k), view: k.status === 'fulfilled' ? k.value : undefined },
  };
}
