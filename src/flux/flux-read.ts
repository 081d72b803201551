/**
 * One look at Flux across clusters (`plat flux get`): every kind of every cluster listed in
 * parallel, each list parsed once and turned straight into rows. A cluster that cannot be read is
 * reported as such next to the rows of the others; a kind a cluster does not serve is skipped, as
 * `flux get all` skips kinds without a CRD.
 */
import { isPlatError, Unreachable } from '../errors/index.js';
import type { KubeCluster } from '../kube/index.js';
import { FLUX_KINDS, kindOrder, type FluxKindName } from './kinds.js';
import type { FluxClusterStatus, FluxKindStatus, FluxRow } from './model.js';
import { fluxRow } from './readiness.js';
import { listFluxKind } from './served-versions.js';
import { compareText } from '../conventions/index.js';

export interface FluxClusterRef {
  name: string;
}

export interface FluxReadOptions {
  clusters: readonly FluxClusterRef[];
  kubeFor(cluster: string): Promise<KubeCluster>;
  /** Default: every kind. */
  kinds?: readonly FluxKindName[];
  /** One namespace; all namespaces when absent. */
  namespace?: string;
}

export interface FluxRead {
  rows: FluxRow[];
  clusters: FluxClusterStatus[];
}

/** A one-line, secret-free reason (the kube room's messages already name the cluster, never a token). */
export function reasonOf(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return (msg.split('\n').find((l) => l.trim()) ?? 'unknown error').trim().slice(0, 300);
}

const isUnreachable = (e: unknown): boolean => e instanceof Unreachable || (isPlatError(e) && e.name === 'Unreachable');

/** Rows in `flux get all` order (kind), then cluster order, namespace, name. */
export function compareForGet(clusterOrder: readonly string[]): (a: FluxRow, b: FluxRow) => number {
  return (a, b) =>
    kindOrder(a.kind) - kindOrder(b.kind) || clusterOrder.indexOf(a.cluster) - clusterOrder.indexOf(b.cluster) || compareText(a.namespace, b.namespace) || compareText(a.name, b.name);
}

async function readCluster(cluster: string, opts: FluxReadOptions, kinds: readonly FluxKindName[]): Promise<{ rows: FluxRow[]; status: FluxClusterStatus }> {
  let kube: KubeCluster;
  try {
    kube = await opts.kubeFor(cluster);
  } catch (e) {
    return { rows: [], status: { cluster, state: isUnreachable(e) ? 'unreachable' : 'error', error: reasonOf(e), kinds: [] } };
  }
  const results = await Promise.all(
    kinds.map(async (kind): Promise<{ rows: FluxRow[]; status: FluxKindStatus; failure?: unknown }> => {
      try {
        const r = await listFluxKind(kube, kind, opts.namespace);
        if (!r) return { rows: [], status: { kind, state: 'not-served' } };
        return { rows: r.list.items.map((o) => fluxRow(cluster, kind, o)), status: { kind, apiVersion: r.served.apiVersion, state: 'live' } };
      } catch (e) {
        return { rows: [], status: { kind, state: 'error', error: reasonOf(e) }, failure: e };
      }
    }),
  );
  const failures = results.filter((r) => r.failure !== undefined);
  const status: FluxClusterStatus = { cluster, state: 'ok', kinds: results.map((r) => r.status) };
  if (failures.length === results.length && failures.length > 0) {
    status.state = failures.some((f) => isUnreachable(f.failure)) ? 'unreachable' : 'error';
    status.error = reasonOf(failures[0]!.failure);
  } else if (failures.length > 0) {
    status.state = 'partial';
    status.error = failures.map((f) => `${f.status.kind}: ${f.status.error}`).join('; ');
  }
  return { rows: results.flatMap((r) => r.rows), status };
}

export async function readFlux(opts: FluxReadOptions): Promise<FluxRead> {
  const kinds = opts.kinds ?? FLUX_KINDS.map((k) => k.kind);
  const per = await Promise.all(opts.clusters.map((c) => readCluster(c.name, opts, kinds)));
  const rows = per.flatMap((p) => p.rows).sort(compareForGet(opts.clusters.map((c) => c.name)));
  return { rows, clusters: per.map((p) => p.status) };
}
