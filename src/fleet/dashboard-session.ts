/**
 * Everything the dashboard needs that does I/O, built once: the live store over the real sources
 * (Flux watched as a live panel), and node and Flux actions as event streams (gates are checked
 * before anything is done).
 */
import type { PlatConfig, ClusterConfig } from '../config/index.js';
import type { Clock } from '../lab/clock.js';
import { errorReason } from './reason.js';
import { fluxLivePanel, fluxSessionActions, type FluxSessionActions } from './flux-panel.js';
import { FleetLiveStore, type Panel } from './live-store.js';
import { checkNodeActionGates, findNode, runNodeAction, type NodeActionKind } from './node-actions.js';
import { platformSources } from './platform-sources.js';

export interface DashboardSession {
  store: FleetLiveStore;
  actions: Record<NodeActionKind, (cluster: string, node: string) => AsyncIterable<{ type: 'progress' | 'done' | 'error'; message: string }>> & { flux: FluxSessionActions };
}

/** Bonds, BGP and pools every 30 s over one set of network sources (one SSH connection to the router). */
function networkPanel(opts: { config: PlatConfig; clusters: ClusterConfig[]; env: NodeJS.ProcessEnv; clock: Clock }): Panel<'network'> {
  let sources: Promise<import('../network/index.js').NetSources> | undefined;
  let stopped = false;
  const net = () => import('../network/index.js');
  return {
    key: 'network',
    intervalMs: 30_000,
    async collect(previous, signal) {
      const { netSources, collectNetwork } = await net();
      // A quit during the first look (the room still loading) must not leave sources opened after it.
      if (stopped) throw new Error('the network panel was stopped');
      sources ??= Promise.resolve(netSources(opts.config, opts.env, { clock: opts.clock }));
      return collectNetwork(opts.config, opts.clusters, await sources, { signal, now: () => opts.clock.now(), ...(previous ? { previous } : {}) });
    },
    stop() {
      stopped = true;
      void sources?.then((s) => s.close());
    },
  };
}

/** etcd members, alarms and the backup state every 30 s (talosctl etcd status/members/alarm list). */
function etcdPanel(opts: { config: PlatConfig; clusters: ClusterConfig[]; env: NodeJS.ProcessEnv; clock: Clock }, sources: ReturnType<typeof platformSources>): Panel<'etcd'> {
  return {
    key: 'etcd',
    intervalMs: 30_000,
    async collect(previous, signal) {
      const { collectEtcdScreen } = await import('../backup/index.js');
      return collectEtcdScreen({ config: opts.config, clusters: opts.clusters, env: opts.env, talosFor: (c) => sources.talosClient(c), now: () => opts.clock.now(), signal, ...(previous ? { previous } : {}) });
    },
  };
}

/** Runbook journals in the state dir every 5 s: progress of a run started from another terminal or cron. */
function runbooksPanel(opts: { config: PlatConfig; env: NodeJS.ProcessEnv; clock: Clock }): Panel<'runbooks'> {
  return {
    key: 'runbooks',
    intervalMs: 5_000,
    async collect() {
      const u = await import('../upgrade/index.js');
      return u.collectRunbooks(u.stateDirOf(opts.config, opts.env), opts.clock.now());
    },
  };
}

export function dashboardSession(opts: { config: PlatConfig; clusters: ClusterConfig[]; env: NodeJS.ProcessEnv; isReadOnly: (c: ClusterConfig) => boolean; clock: Clock; intervalMs?: number }): DashboardSession {
  const sources = platformSources(opts.config, opts.env);
  // One KubeCluster per context, shared with the node watch (kubeClusterCache).
  const flux = { clusters: opts.clusters, kubeFor: (c: ClusterConfig) => sources.kubeCluster(c), isReadOnly: opts.isReadOnly, clock: opts.clock };
  const store = new FleetLiveStore({
    clusters: opts.clusters,
    sources,
    isReadOnly: opts.isReadOnly,
    clock: opts.clock,
    panels: [networkPanel(opts), etcdPanel(opts, sources), runbooksPanel(opts)],
    livePanels: [fluxLivePanel(flux)],
    // Kubernetes readiness is watched (instant); Talos is polled by spawning talosctl per cluster
    // (three calls each), and versions, services and stages change slowly. Each spawn forks this
    // whole process (≈ 10 ms of CPU at dashboard size): every 15 s keeps idle CPU under 2 %.
    intervalMs: opts.intervalMs ?? 15_000,
  });
  const act = (kind: NodeActionKind) =>
    async function* (clusterName: string, nodeName: string) {
      try {
        const { cluster, node } = findNode(opts.config, nodeName, opts.clusters.filter((c) => c.name === clusterName));
        const talos = sources.talosClient(cluster);
        await checkNodeActionGates({ kind, cluster, node, readOnly: opts.isReadOnly(cluster), talos });
        for await (const e of runNodeAction({ kind, cluster, node, talos, kube: () => sources.kubeCluster(cluster), wait: false, clock: opts.clock })) {
          yield { type: e.type, message: e.message };
        }
        store.refreshNow();
      } catch (e) {
        yield { type: 'error' as const, message: errorReason(e) };
      }
    };
  return { store, actions: { reboot: act('reboot'), shutdown: act('shutdown'), flux: fluxSessionActions(flux) } };
}
