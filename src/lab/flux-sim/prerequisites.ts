/**
 * What must hold before a Kustomization or HelmRelease is applied (reference/flux.md §7): the
 * Kustomization's source must have an artifact, then every dependency must exist, be Ready at its
 * current generation and — for a Kustomization on the same source — have applied the source's
 * current revision. The first failing check is reported with the controllers' exact wording.
 */
import type { KubeObject, ObjectStore } from '../kube-api/index.js';
import { findCondition } from './conditions.js';
import { fluxKinds, type FluxKind } from './flux-kinds.js';
import type { FluxEventSpec } from './status-common.js';

export interface Blocked {
  reason: string;
  message: string;
  event: FluxEventSpec;
}

const rec = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});

export function artifactRevision(o: KubeObject | undefined): string | undefined {
  const r = rec(rec(rec(o?.status).artifact)).revision;
  return typeof r === 'string' ? r : undefined;
}

/** Ready for dependents: Ready=True observed at the current generation. */
export function readyForDependents(o: KubeObject | undefined): boolean {
  if (!o) return false;
  const s = rec(o.status);
  return s.observedGeneration === o.metadata.generation && findCondition(s.conditions, 'Ready')?.status === 'True';
}

export function sourceOf(store: ObjectStore, ks: KubeObject): { ref: { kind: string; namespace: string; name: string }; object: KubeObject | undefined } {
  const sr = rec(rec(ks.spec).sourceRef);
  const ref = { kind: String(sr.kind ?? 'GitRepository'), namespace: String(sr.namespace ?? ks.metadata.namespace), name: String(sr.name ?? '') };
  const info = fluxKinds[ref.kind as FluxKind];
  return { ref, object: info ? store.get(info.apiVersion, ref.kind, ref.namespace, ref.name) : undefined };
}

export function dependencies(o: KubeObject): { namespace: string; name: string }[] {
  const deps = rec(o.spec).dependsOn;
  return Array.isArray(deps) ? deps.map((d) => ({ namespace: String(rec(d).namespace ?? o.metadata.namespace), name: String(rec(d).name ?? '') })) : [];
}

function kustomizationBlock(store: ObjectStore, o: KubeObject): Blocked | undefined {
  const { ref, object: source } = sourceOf(store, o);
  const info = fluxKinds[ref.kind as FluxKind];
  if (!source) {
    const message = `unable to get source '${ref.namespace}/${ref.name}': ${info ? `${info.plural}.${info.group}` : ref.kind} "${ref.name}" not found`;
    return { reason: 'ArtifactFailed', message, event: { type: 'Warning', reason: 'ArtifactFailed', message } };
  }
  const revision = artifactRevision(source);
  if (!revision) {
    const message = 'Source artifact not found, retrying in 30s';
    return { reason: 'ArtifactFailed', message, event: { type: 'Normal', reason: 'ArtifactFailed', message } };
  }
  const event: FluxEventSpec = { type: 'Normal', reason: 'DependencyNotReady', message: 'Dependencies do not meet ready condition, retrying in 30s' };
  for (const d of dependencies(o)) {
    const dep = store.get(fluxKinds.Kustomization.apiVersion, 'Kustomization', d.namespace, d.name);
    const id = `${d.namespace}/${d.name}`;
    if (!dep) return { reason: 'DependencyNotReady', message: `dependency '${id}' not found: kustomizations.kustomize.toolkit.fluxcd.io "${d.name}" not found`, event };
    if (!readyForDependents(dep)) return { reason: 'DependencyNotReady', message: `dependency '${id}' is not ready`, event };
    const depSource = sourceOf(store, dep).ref;
    if (depSource.kind === ref.kind && depSource.namespace === ref.namespace && depSource.name === ref.name && rec(dep.status).lastAppliedRevision !== revision) {
      return { reason: 'DependencyNotReady', message: `dependency '${id}' revision is not up to date`, event };
    }
  }
  return undefined;
}

function helmReleaseBlock(store: ObjectStore, o: KubeObject): Blocked | undefined {
  for (const d of dependencies(o)) {
    const dep = store.get(fluxKinds.HelmRelease.apiVersion, 'HelmRelease', d.namespace, d.name);
    const id = `${d.namespace}/${d.name}`;
    // helm-controller words a missing dependency differently and emits the bare error (flux.md §7).
    const message = !dep ? `unable to get '${id}' dependency: helmreleases.helm.toolkit.fluxcd.io "${d.name}" not found` : !readyForDependents(dep) ? `dependency '${id}' is not ready` : undefined;
    if (message) return { reason: 'DependencyNotReady', message, event: { type: 'Normal', reason: 'DependencyNotReady', message } };
  }
  return undefined;
}

export function blockedBy(store: ObjectStore, o: KubeObject): Blocked | undefined {
  if (o.kind === 'Kustomization') return kustomizationBlock(store, o);
  if (o.kind === 'HelmRelease') return helmReleaseBlock(store, o);
  return undefined;
}
