/**
 * Which version of each Flux kind a cluster serves. Two clusters may run different Flux releases
 * (OCIRepository v1 from 2.6, v1beta2 before; HelmRelease v2 from 2.3), so nothing is assumed.
 * KubeCluster offers list/watch/patch but no raw discovery GET, so plat asks the list endpoint
 * itself, preferred version first: an apiserver answers 404 NotFound for a group/version/resource
 * it does not serve (and an empty list, never 404, for a served kind with no objects). The list
 * that succeeds is the one the caller wanted anyway, so the usual case costs no extra request;
 * the answer is remembered per cluster for the life of the process.
 */
import { KubeApiError, type KubeCluster, type KubeList, type KubeResource, type ListOptions } from '../kube/index.js';
import { fluxKind, type FluxKindName } from './kinds.js';

export interface ServedKind {
  kind: FluxKindName;
  group: string;
  version: string;
  plural: string;
  apiVersion: string;
}

const remembered = new WeakMap<KubeCluster, Map<FluxKindName, string | null>>();

export const isNotServed = (e: unknown): boolean => e instanceof KubeApiError && e.code === 404;

function served(kind: FluxKindName, version: string): ServedKind {
  const k = fluxKind(kind);
  return { kind, group: k.group, version, plural: k.plural, apiVersion: `${k.group}/${version}` };
}

/** Versions to try: the one that answered before first, then the rest in preference order. */
export function candidateVersions(kube: KubeCluster, kind: FluxKindName): string[] {
  const known = remembered.get(kube)?.get(kind);
  const all = fluxKind(kind).versions;
  return known ? [known, ...all.filter((v) => v !== known)] : [...all];
}

export function rememberVersion(kube: KubeCluster, kind: FluxKindName, version: string | null): void {
  let m = remembered.get(kube);
  if (!m) remembered.set(kube, (m = new Map()));
  m.set(kind, version);
}

/** The served version of a kind when already known (undefined: not asked yet; null: not served). */
export const knownVersion = (kube: KubeCluster, kind: FluxKindName): string | null | undefined => remembered.get(kube)?.get(kind);

export const servedKind = (kind: FluxKindName, version: string): ServedKind => served(kind, version);

/** Lists a kind at the first version the cluster serves; undefined when it serves none (no CRD). */
export async function listFluxKind(kube: KubeCluster, kind: FluxKindName, namespace?: string, opts: ListOptions = {}): Promise<{ served: ServedKind; list: KubeList<KubeResource> } | undefined> {
  if (knownVersion(kube, kind) === null) return undefined;
  for (const version of candidateVersions(kube, kind)) {
    const s = served(kind, version);
    try {
      const list = await kube.list<KubeResource>(s.group, version, s.plural, namespace, opts);
      rememberVersion(kube, kind, version);
      return { served: s, list };
    } catch (e) {
      if (!isNotServed(e)) throw e;
    }
  }
  rememberVersion(kube, kind, null);
  return undefined;
}

/** One object by name (a list with a field selector, as `flux suspend` looks objects up). */
export async function getFluxObject(kube: KubeCluster, kind: FluxKindName, namespace: string, name: string): Promise<{ served: ServedKind; object: KubeResource | undefined } | undefined> {
  const r = await listFluxKind(kube, kind, namespace, { fieldSelector: `metadata.name=${name}` });
  return r && { served: r.served, object: r.list.items.find((o) => o.metadata.name === name) };
}
