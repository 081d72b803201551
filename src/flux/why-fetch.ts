/**
 * `plat flux why` without a live store: run the pure walk, fetch whatever link it asked for and
 * did not have, and walk again — a handful of GETs along the one chain that matters instead of
 * listing every Kustomization and source of the cluster.
 */
import type { KubeCluster } from '../kube/index.js';
import { refFromString } from './kinds.js';
import type { FluxRow } from './model.js';
import { fluxRow } from './readiness.js';
import { getFluxObject } from './served-versions.js';
import { explainWhy, type FluxWhy } from './why.js';

/** Follows at most this many links: chains deeper than this are a cycle the walk has not closed yet. */
const MAX_FETCHES = 64;

export async function fetchWhy(kube: KubeCluster, start: FluxRow, opts: { now: number }): Promise<FluxWhy> {
  const known = new Map<string, FluxRow | null>();
  for (let round = 0; round < MAX_FETCHES; round++) {
    const wanted = new Set<string>();
    const why = explainWhy(
      (ref) => {
        const r = known.get(ref);
        if (r === undefined) wanted.add(ref);
        return r ?? undefined;
      },
      start,
      opts,
    );
    if (wanted.size === 0) return why;
    await Promise.all(
      [...wanted].map(async (ref) => {
        const r = refFromString(ref);
        const got = r ? await getFluxObject(kube, r.kind, r.namespace, r.name) : undefined;
        known.set(ref, got?.object && r ? fluxRow(start.cluster, r.kind, got.object) : null);
      }),
    );
  }
  return explainWhy((ref) => known.get(ref) ?? undefined, start, opts);
}
