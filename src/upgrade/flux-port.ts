/**
 * What the runbook engine needs from Flux: which objects are not Ready (the `flux-ready` check
 * and `wait`), and a reconcile that waits for the object's answer (`flux-reconcile`). The Flux
 * room implements it (`fluxPortFor`); tests inject their own.
 */
import type { ClusterConfig, PlatConfig } from '../config/index.js';
import { Unreachable, UserError } from '../errors/index.js';
import type { KubeCluster } from '../kube/index.js';

/** Narrows the objects a check looks at; absent fields match everything. */
export interface FluxSelector {
  namespace?: string;
  kind?: 'Kustomization' | 'HelmRelease';
  labelSelector?: string;
}

export interface FluxNotReady {
  /** `ks/<namespace>/<name>`, `hr/<namespace>/<name>`, … */
  ref: string;
  /** The Ready condition's reason (`ReconciliationFailed`, `DependencyNotReady`, `Progressing`…). */
  reason: string;
  message: string;
}

export interface FluxReconcileResult {
  ref: string;
  ready: boolean;
  reason: string;
  message: string;
}

export interface FluxPort {
  notReady(cluster: ClusterConfig, selector?: FluxSelector, signal?: AbortSignal): Promise<FluxNotReady[]>;
  /** Ask for a reconcile (requestedAt annotation) and wait until the object answers it or `timeoutMs` passes. */
  reconcile(cluster: ClusterConfig, ref: string, opts: { withSource: boolean; timeoutMs: number; signal?: AbortSignal }): Promise<FluxReconcileResult>;
}

/**
 * The Flux port over src/flux: `notReady` reads the cluster's Flux objects once (failing and
 * waiting ones count; suspended ones are the operator's choice and do not), `reconcile` asks and
 * waits exactly as `plat flux reconcile` does — Ready=False or Stalled answers at once.
 */
export function fluxPortFor(config: PlatConfig, env: NodeJS.ProcessEnv): FluxPort {
  let kubeFor: ((cluster: string) => Promise<KubeCluster>) | undefined;
  const flux = async () => {
    const f = await import('../flux/index.js');
    kubeFor ??= f.fluxKubeFor(config, env);
    return { f, kubeFor };
  };
  return {
    async notReady(cluster, selector) {
      if (selector?.labelSelector) {
        throw new UserError(`Flux check on ${cluster.name}: labelSelector is not supported for Flux objects`, { hint: 'narrow the check by namespace and kind instead' });
      }
      const { f, kubeFor } = await flux();
      const read = await f.readFlux({ clusters: [{ name: cluster.name }], kubeFor, ...(selector?.kind ? { kinds: [selector.kind] } : {}), ...(selector?.namespace ? { namespace: selector.namespace } : {}) });
      const status = read.clusters[0];
      if (status && status.state !== 'ok') {
        throw new Unreachable(`Flux objects in ${cluster.name} could not all be read (${status.state}${status.error ? `: ${status.error}` : ''})`, { hint: `plat flux get -A --cluster ${cluster.name}` });
      }
      return read.rows
        .filter((r) => r.ready !== 'True' && !r.suspended)
        .map((r) => ({ ref: f.shortRef(r), reason: r.reason || r.state, message: r.message }));
    },
    async reconcile(cluster, refText, opts) {
      const { f, kubeFor } = await flux();
      const ref = f.parseObjectRef(refText);
      const target = await f.locateOne({ clusters: [{ name: cluster.name }], kubeFor, ref });
      let last: import('../flux/index.js').FluxActionEvent | undefined;
      for await (const e of f.reconcileFlux({ cluster: cluster.name, kube: target.kube, served: target.served, object: target.object, withSource: opts.withSource, timeoutMs: opts.timeoutMs })) {
        last = e;
        if (f.isFinal(e) || opts.signal?.aborted) break;
      }
      const ready = last?.type === 'done';
      return { ref: f.shortRef(ref), ready, reason: last?.reason ?? last?.type ?? 'no answer', message: last?.message ?? '' };
    },
  };
}
