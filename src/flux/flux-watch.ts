/**
 * The live Flux store for the dashboard: one list+watch per kind per cluster (KubeCluster.listWatch
 * resumes from the last resourceVersion after a dropped stream and lists again after 410 Gone).
 * The served version is found on the first list, preferred version first; a 404 moves to the
 * next one, and a kind no version of which is served is asked about again every few minutes (a
 * Flux upgrade may add it). Rows are rebuilt per object as events arrive; the sorted snapshot is
 * built only when asked for after a change, so a burst of events costs one sort per repaint.
 */
import type { KubeCluster, KubeResource, ListWatchEvent } from '../kube/index.js';
import { realClock, type Clock } from '../lab/clock.js';
import { FLUX_KINDS, type FluxKindName } from './kinds.js';
import type { FluxClusterStatus, FluxKindStatus, FluxRow, FluxSnapshot } from './model.js';
import { reasonOf, type FluxClusterRef } from './flux-read.js';
import { fluxRow } from './readiness.js';
import { candidateVersions, isNotServed, rememberVersion, servedKind } from './served-versions.js';
import { compareFailingFirst } from './row-order.js';

export interface FluxWatchOptions {
  clusters: readonly FluxClusterRef[];
  kubeFor(cluster: string): Promise<KubeCluster>;
  clock?: Clock;
  kinds?: readonly FluxKindName[];
  namespace?: string;
  /** First retry delay of each list+watch (doubles to 30 s). */
  retryDelayMs?: number;
  /** How often a kind no cluster version serves is asked about again. Default 5 min. */
  recheckUnservedMs?: number;
}

export interface FluxWatch {
  snapshot(): FluxSnapshot;
  /** Called after every change (cheap); read snapshot() when repainting. Returns unsubscribe. */
  subscribe(cb: () => void): () => void;
  stop(): void;
}

interface KindWatch {
  status: FluxKindStatus;
  /** The last error was a connection failure (cleared by a successful probe of the cluster). */
  lostConnection?: boolean;
  rows: Map<string, FluxRow>;
  stop?: () => void;
  timer?: unknown;
}

interface ClusterWatch {
  name: string;
  error?: string;
  unreachable: boolean;
  kinds: Map<FluxKindName, KindWatch>;
  kube?: KubeCluster;
  probe?: unknown;
  probeDelay: number;
}

const keyOf = (o: KubeResource): string => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
const isUnreachable = (e: unknown): boolean => (e as { name?: string } | undefined)?.name === 'Unreachable';

export function watchFlux(opts: FluxWatchOptions): FluxWatch {
  const clock = opts.clock ?? realClock;
  const kinds = opts.kinds ?? FLUX_KINDS.map((k) => k.kind);
  const listeners = new Set<() => void>();
  const clusters: ClusterWatch[] = opts.clusters.map((c) => ({ name: c.name, unreachable: false, probeDelay: 0, kinds: new Map(kinds.map((k) => [k, { status: { kind: k, state: 'syncing' }, rows: new Map() }])) }));
  let version = 0;
  let cached: FluxSnapshot | undefined;
  let stopped = false;

  const changed = (): void => {
    version++;
    cached = undefined;
    for (const l of [...listeners]) l();
  };

  function startKind(cw: ClusterWatch, kube: KubeCluster, kind: FluxKindName, versions: string[]): void {
    const kw = cw.kinds.get(kind)!;
    const [v, ...rest] = versions;
    if (stopped) return;
    if (v === undefined) {
      rememberVersion(kube, kind, null);
      kw.status = { kind, state: 'not-served' };
      kw.rows.clear();
      changed();
      kw.timer = clock.setTimeout(() => startKind(cw, kube, kind, candidateVersions(kube, kind)), opts.recheckUnservedMs ?? 300_000);
      return;
    }
    const served = servedKind(kind, v);
    let live = false;
    kw.stop = kube.listWatch<KubeResource>(served.group, v, served.plural, {
      ...(opts.namespace ? { namespace: opts.namespace } : {}),
      clock,
      ...(opts.retryDelayMs !== undefined ? { retryDelayMs: opts.retryDelayMs } : {}),
      onEvent: (e: ListWatchEvent<KubeResource>) => {
        if (stopped) return;
        live = true;
        rememberVersion(kube, kind, v);
        if (e.type === 'SYNC') {
          kw.rows.clear();
          for (const o of e.items) kw.rows.set(keyOf(o), fluxRow(cw.name, kind, o));
        } else if (e.type === 'DELETED') kw.rows.delete(keyOf(e.object));
        else kw.rows.set(keyOf(e.object), fluxRow(cw.name, kind, e.object));
        kw.status = { kind, apiVersion: served.apiVersion, state: 'live' };
        kw.lostConnection = false;
        cw.unreachable = false;
        delete cw.error;
        changed();
      },
      onError: (err) => {
        if (stopped) return;
        if (!live && isNotServed(err)) {
          kw.stop?.();
          startKind(cw, kube, kind, rest);
          return;
        }
        // Rows stay (marked by the error) until the list+watch recovers: stale beats blank.
        kw.status = { ...kw.status, state: 'error', error: reasonOf(err) };
        kw.lostConnection = isUnreachable(err);
        if (kw.lostConnection) {
          cw.unreachable = true;
          cw.error = reasonOf(err);
          probeLater(cw);
        }
        changed();
      },
    });
  }

  /**
   * A watch that resumed after a dropped stream says nothing until the next change, so a quiet
   * cluster would stay "unreachable": ask /version instead, backing off while it fails.
   */
  function probeLater(cw: ClusterWatch): void {
    if (stopped || cw.probe !== undefined || !cw.kube) return;
    const kube = cw.kube;
    cw.probeDelay = Math.min(Math.max(cw.probeDelay * 2, opts.retryDelayMs ?? 500), 30_000);
    cw.probe = clock.setTimeout(() => {
      kube.version().then(
        () => {
          cw.probe = undefined;
          if (stopped) return;
          cw.probeDelay = 0;
          cw.unreachable = false;
          delete cw.error;
          for (const kw of cw.kinds.values()) {
            if (!kw.lostConnection) continue;
            kw.lostConnection = false;
            const { error: _gone, ...rest } = kw.status;
            kw.status = { ...rest, state: rest.apiVersion ? 'live' : 'syncing' };
          }
          changed();
        },
        () => {
          cw.probe = undefined;
          probeLater(cw);
        },
      );
    }, cw.probeDelay);
  }

  for (const cw of clusters) {
    opts.kubeFor(cw.name).then(
      (kube) => {
        cw.kube = kube;
        for (const kind of kinds) startKind(cw, kube, kind, candidateVersions(kube, kind));
      },
      (e: unknown) => {
        cw.unreachable = isUnreachable(e);
        cw.error = reasonOf(e);
        for (const kw of cw.kinds.values()) kw.status = { ...kw.status, state: 'error', error: cw.error };
        changed();
      },
    );
  }

  function clusterStatus(cw: ClusterWatch): FluxClusterStatus {
    const ks = [...cw.kinds.values()].map((k) => k.status);
    const base = { cluster: cw.name, kinds: ks, ...(cw.error ? { error: cw.error } : {}) };
    if (ks.some((k) => k.state === 'syncing') && !ks.some((k) => k.state === 'error')) return { ...base, state: 'syncing' };
    const errors = ks.filter((k) => k.state === 'error');
    if (errors.length === 0) return { ...base, state: 'ok' };
    if (errors.length === ks.length || cw.unreachable) return { ...base, state: cw.unreachable ? 'unreachable' : 'error', error: cw.error ?? errors[0]!.error ?? 'unknown error' };
    return { ...base, state: 'partial', error: errors.map((k) => `${k.kind}: ${k.error}`).join('; ') };
  }

  return {
    snapshot() {
      if (!cached) {
        const order = clusters.map((c) => c.name);
        const rows = clusters.flatMap((c) => [...c.kinds.values()].flatMap((k) => [...k.rows.values()])).sort(compareFailingFirst(order));
        cached = { rows, clusters: clusters.map(clusterStatus), version };
      }
      return cached;
    },
    subscribe(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    stop() {
      stopped = true;
      for (const cw of clusters) {
        for (const kw of cw.kinds.values()) {
          kw.stop?.();
          if (kw.timer !== undefined) clock.clearTimeout(kw.timer);
        }
        if (cw.probe !== undefined) clock.clearTimeout(cw.probe);
      }
      listeners.clear();
    },
  };
}
