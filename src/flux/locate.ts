/**
 * Finding one named Flux object across the selected clusters. The same name often exists in both
 * (every cluster has its own ks/flux-system/cilium), so an action needs exactly one: found in
 * several → say which with --cluster; a cluster that could not be asked makes the answer unknown,
 * so a mutating action refuses rather than guess.
 */
import { UserError } from '../errors/index.js';
import type { KubeCluster, KubeResource } from '../kube/index.js';
import { shortRef, type FluxObjectRef } from './kinds.js';
import { reasonOf, type FluxClusterRef } from './flux-read.js';
import { getFluxObject, type ServedKind } from './served-versions.js';

export interface FluxTarget {
  cluster: string;
  kube: KubeCluster;
  served: ServedKind;
  object: KubeResource;
}

export interface FluxLookup {
  found: FluxTarget[];
  /** Clusters that could not be asked, with why. */
  failed: { cluster: string; error: string }[];
}

export async function findFluxObject(opts: { clusters: readonly FluxClusterRef[]; kubeFor(cluster: string): Promise<KubeCluster>; ref: FluxObjectRef }): Promise<FluxLookup> {
  const found: FluxTarget[] = [];
  const failed: { cluster: string; error: string }[] = [];
  await Promise.all(
    opts.clusters.map(async (c) => {
      try {
        const kube = await opts.kubeFor(c.name);
        const r = await getFluxObject(kube, opts.ref.kind, opts.ref.namespace, opts.ref.name);
        if (r?.object) found.push({ cluster: c.name, kube, served: r.served, object: r.object });
      } catch (e) {
        failed.push({ cluster: c.name, error: reasonOf(e) });
      }
    }),
  );
  const order = opts.clusters.map((c) => c.name);
  found.sort((a, b) => order.indexOf(a.cluster) - order.indexOf(b.cluster));
  return { found, failed };
}

/** Exactly one object to act on, or a UserError that says how to get there. */
export async function locateOne(opts: { clusters: readonly FluxClusterRef[]; kubeFor(cluster: string): Promise<KubeCluster>; ref: FluxObjectRef }): Promise<FluxTarget> {
  const { found, failed } = await findFluxObject(opts);
  const name = shortRef(opts.ref);
  const names = opts.clusters.map((c) => c.name);
  if (found.length > 1) {
    throw new UserError(`${name} exists in ${found.length} clusters (${found.map((f) => f.cluster).join(', ')})`, { hint: `say which with --cluster, e.g. --cluster ${found[0]!.cluster}` });
  }
  if (failed.length > 0) {
    const why = failed.map((f) => `${f.cluster}: ${f.error}`).join('; ');
    const others = names.filter((n) => !failed.some((f) => f.cluster === n));
    throw new UserError(`could not check every cluster for ${name} (${why})`, {
      hint: found.length === 1 ? `to act on ${found[0]!.cluster} only, add --cluster ${found[0]!.cluster}` : others.length ? `fix the connection, or limit the search with --cluster ${others[0]}` : 'fix the connection and try again',
    });
  }
  if (found.length === 0) {
    throw new UserError(`${name} not found in ${names.length === 1 ? `cluster ${names[0]}` : `clusters ${names.join(', ')}`}`, { hint: `list what is there: plat flux get ${name.split('/')[0]} -n ${opts.ref.namespace}` });
  }
  return found[0]!;
}
