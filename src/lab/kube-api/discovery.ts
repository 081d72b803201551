/**
 * Legacy discovery documents (/api, /api/v1, /apis, /apis/<g>, /apis/<g>/<v>). kubectl ≥1.30 asks
 * for aggregated discovery (apidiscovery.k8s.io/v2) first; a plain application/json APIGroupList
 * makes it fall back to these per-group-version documents, as with an older apiserver.
 */
import type { ResourceType } from './types.js';

/** Kubernetes version priority: GA before beta before alpha, then higher numbers first. */
export function compareKubeVersions(a: string, b: string): number {
  const rank = (v: string): [number, number, number] => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return [0, 0, 0];
    const level = m[2] === 'alpha' ? 1 : m[2] === 'beta' ? 2 : 3;
    return [level, Number(m[1]), Number(m[3] ?? 0)];
  };
  const [la, ma, na] = rank(a);
  const [lb, mb, nb] = rank(b);
  return lb - la || mb - ma || nb - na || a.localeCompare(b);
}

const CRUD = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function verbsFor(t: ResourceType): string[] {
  // The real namespaces resource has no deletecollection.
  return t.group === '' && t.kind === 'Namespace' ? CRUD.filter((v) => v !== 'deletecollection') : CRUD;
}

export function apiVersionsDoc(serverAddress: string): object {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

function groupVersions(types: ResourceType[], group: string): string[] {
  return [...new Set(types.filter((t) => t.group === group).map((t) => t.version))].sort(compareKubeVersions);
}

export function apiGroupDoc(types: ResourceType[], group: string): object | undefined {
  const versions = groupVersions(types, group);
  if (versions.length === 0) return undefined;
  const gv = (v: string): { groupVersion: string; version: string } => ({ groupVersion: `${group}/${v}`, version: v });
  return { kind: 'APIGroup', apiVersion: 'v1', name: group, versions: versions.map(gv), preferredVersion: gv(versions[0] as string) };
}

export function apiGroupListDoc(types: ResourceType[]): object {
  const groups = [...new Set(types.map((t) => t.group).filter((g) => g !== ''))].sort();
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map((g) => apiGroupDoc(types, g)) };
}

export function apiResourceListDoc(types: ResourceType[], group: string, version: string): object | undefined {
  const inGv = types.filter((t) => t.group === group && t.version === version).sort((a, b) => a.plural.localeCompare(b.plural));
  if (inGv.length === 0) return undefined;
  const resources: object[] = [];
  for (const t of inGv) {
    resources.push({
      name: t.plural,
      singularName: t.singular,
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: verbsFor(t),
      ...(t.shortNames?.length ? { shortNames: t.shortNames } : {}),
      ...(t.categories?.length ? { categories: t.categories } : {}),
    });
    if (t.statusSubresource) {
      resources.push({ name: `${t.plural}/status`, singularName: '', namespaced: t.namespaced, kind: t.kind, verbs: ['get', 'patch', 'update'] });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources };
}
