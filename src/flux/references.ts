/**
 * The edges of the Flux graph, read from one object: spec.dependsOn (a Kustomization depends only on
 * Kustomizations, a HelmRelease only on HelmReleases; the namespace defaults to the object's own,
 * reference/flux.md §7) and the source it builds from (§4.2's table: a Kustomization's sourceRef,
 * a HelmRelease's chartRef or its generated HelmChart `<hr-ns>-<hr-name>`, a HelmChart's sourceRef).
 * Pure.
 */
import type { KubeResource } from '../kube/index.js';
import { isFluxKindName, type FluxKindName, type FluxObjectRef } from './kinds.js';

const rec = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export function dependsOnOf(kind: FluxKindName, o: KubeResource): FluxObjectRef[] {
  if (kind !== 'Kustomization' && kind !== 'HelmRelease') return [];
  const deps = rec(o.spec).dependsOn;
  if (!Array.isArray(deps)) return [];
  const own = o.metadata.namespace ?? '';
  return deps.map(rec).filter((d) => str(d.name)).map((d) => ({ kind, namespace: str(d.namespace) || own, name: str(d.name) }));
}

function refIn(v: unknown, ownNamespace: string, fallbackKind?: FluxKindName): FluxObjectRef | undefined {
  const r = rec(v);
  const kind = str(r.kind) || fallbackKind || '';
  const name = str(r.name);
  if (!name || !isFluxKindName(kind)) return undefined;
  return { kind, namespace: str(r.namespace) || ownNamespace, name };
}

export function sourceOf(kind: FluxKindName, o: KubeResource): FluxObjectRef | undefined {
  const spec = rec(o.spec);
  const own = o.metadata.namespace ?? '';
  if (kind === 'Kustomization') return refIn(spec.sourceRef, own, 'GitRepository');
  if (kind === 'HelmChart') return refIn(spec.sourceRef, own);
  if (kind !== 'HelmRelease') return undefined;
  if (spec.chartRef) return refIn(spec.chartRef, own);
  // helm-controller records the chart it generated; before its first run, derive the same name.
  const recorded = str(rec(o.status).helmChart);
  if (recorded.includes('/')) {
    const [namespace, name] = recorded.split('/') as [string, string];
    return { kind: 'HelmChart', namespace, name };
  }
  const template = rec(rec(spec.chart).spec);
  if (!template.sourceRef) return undefined;
  return { kind: 'HelmChart', namespace: str(rec(template.sourceRef).namespace) || own, name: `${own}-${o.metadata.name}` };
}
