/**
 * Flux in the lab: each cluster's scenario `flux:` value becomes objects in its API server, a
 * simulator runs the controllers, and the twin's `flux-failing` fault drives the simulator.
 */
import type { Clock } from './clock.js';
import type { KubeObject, ObjectStore } from './kube-api/index.js';
import { buildFluxObjects, loadFluxTree, loadNamedFluxTree, startFluxSim, type FluxSim, type FluxTreeSpec } from './flux-sim/index.js';
import type { FluxFault, Twin } from './twin/index.js';

export function fluxTreeOf(spec: unknown, source: string): FluxTreeSpec | undefined {
  if (spec === undefined || spec === null) return undefined;
  if (typeof spec === 'object' && 'tree' in spec && typeof (spec as { tree: unknown }).tree === 'string') return loadNamedFluxTree((spec as { tree: string }).tree);
  return loadFluxTree(spec, source);
}

/** What a failing object says, per kind, in the words the real controllers use (reference/flux.md). */
function failureFor(f: FluxFault): { reason: string; message: string } {
  return f.fluxKind === 'HelmRelease'
    ? { reason: 'UpgradeFailed', message: `Helm upgrade failed for release ${f.namespace}/${f.name}: context deadline exceeded` }
    : { reason: 'HealthCheckFailed', message: `health check failed after 5m0s: timeout waiting for: [Deployment/${f.name}/${f.name}-webhook status: 'InProgress']` };
}

export interface ClusterFlux {
  store: ObjectStore;
  sim: FluxSim;
}

/** The `ks/<ns>/<name>` and `hr/<ns>/<name>` names of every Flux object built so far. */
export function fluxTargetsOf(objects: Iterable<KubeObject>): string[] {
  const out: string[] = [];
  for (const o of objects) {
    const short = o.kind === 'Kustomization' ? 'ks' : o.kind === 'HelmRelease' ? 'hr' : undefined;
    if (short) out.push(`${short}/${o.metadata.namespace}/${o.metadata.name}`);
  }
  return out;
}

export function startClusterFlux(store: ObjectStore, objects: KubeObject[], clock: Clock, reconcileDelayMs?: number): ClusterFlux {
  for (const o of objects) store.upsert(o);
  const sim = startFluxSim(store, { clock, ...(reconcileDelayMs !== undefined ? { reconcileDelayMs } : {}) });
  return { store, sim };
}

export function buildClusterFluxObjects(tree: FluxTreeSpec | undefined, now: number): KubeObject[] {
  return tree ? buildFluxObjects(tree, { now }) : [];
}

/** Apply the twin's flux-failing faults (now and on every change) to every cluster holding that object. */
export function wireFluxFaults(twin: Twin, clusters: ClusterFlux[]): () => void {
  const apply = (f: FluxFault, active: boolean) => {
    for (const c of clusters) {
      const apiVersion = f.fluxKind === 'HelmRelease' ? 'helm.toolkit.fluxcd.io/v2' : 'kustomize.toolkit.fluxcd.io/v1';
      if (!c.store.get(apiVersion, f.fluxKind, f.namespace, f.name)) continue;
      c.sim.setFailing({ kind: f.fluxKind, namespace: f.namespace, name: f.name }, active ? failureFor(f) : null);
    }
  };
  for (const f of twin.fluxFaults()) apply(f, true);
  return twin.onChange((ch) => {
    if (ch.kind !== 'fault' || ch.fault !== 'flux-failing') return;
    const [kind, namespace, name] = ch.target.split('/');
    if (!namespace || !name) return;
    apply({ kind: kind as 'ks' | 'hr', fluxKind: kind === 'hr' ? 'HelmRelease' : 'Kustomization', namespace, name }, ch.active);
  });
}
