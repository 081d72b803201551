/**
 * The real sources behind FleetState: talosctl (TalosClient) and the Kubernetes API (KubeCluster),
 * one client per cluster, built from plat.yaml. Kubernetes nodes are listed then watched; Talos is
 * polled by the live store (talosctl has no cheap watch across nodes).
 */
import { expandHome, kubeContextOf, talosContextOf } from '../conventions/index.js';
import type { ClusterConfig, PlatConfig } from '../config/index.js';
import { TalosClient } from '../talos/index.js';
import { kubeClusterCache, type KubeCluster, type KubeNodeInfo } from '../kube/index.js';
import type { ClusterSources, KubeClusterView, KubeNodeView } from './sources.js';
import { talosClusterView } from './talos-source.js';

export interface PlatformSources extends ClusterSources {
  watchKube(cluster: ClusterConfig, onView: (v: KubeClusterView) => void, onError: (e: unknown) => void): () => void;
  talosClient(cluster: ClusterConfig): TalosClient;
  kubeCluster(cluster: ClusterConfig): Promise<KubeCluster>;
}


export function platformSources(config: PlatConfig, env: NodeJS.ProcessEnv): PlatformSources {
  const talos = new Map<string, TalosClient>();
  const talosconfig = config.talosconfig ? expandHome(config.talosconfig, env) : undefined;
  const kubeconfigPath = config.kubeconfig ? expandHome(config.kubeconfig, env) : undefined;

  const talosClient = (c: ClusterConfig) => {
    let t = talos.get(c.name);
    if (!t) {
      t = new TalosClient({ talosconfig, context: talosContextOf(c), env });
      talos.set(c.name, t);
    }
    return t;
  };
  const openKube = kubeClusterCache(kubeconfigPath);
  const kubeCluster = (c: ClusterConfig) => openKube(kubeContextOf(c));

  return {
    talosClient,
    kubeCluster,
    talos: (c, signal) => talosClusterView(talosClient(c), c, signal),
    async kube(c) {
      const k = await kubeCluster(c);
      const [version, nodes] = await Promise.all([k.version(), k.listNodes()]);
      return { version, nodes: nodes.map(toNodeView) };
    },
    watchKube(c, onView, onError) {
      let stop: (() => void) | undefined;
      let stopped = false;
      const nodes = new Map<string, KubeNodeView>();
      let version: string | undefined;
      kubeCluster(c).then(
        async (k) => {
          if (stopped) return;
          const { parseNode } = await import('../kube/index.js');
          const emit = () => onView({ ...(version ? { version } : {}), nodes: [...nodes.values()] });
          stop = k.listWatch('', 'v1', 'nodes', {
            onEvent: (ev) => {
              if (ev.type === 'SYNC') {
                nodes.clear();
                for (const n of ev.items) nodes.set(n.metadata.name, toNodeView(parseNode(n)));
                // The control-plane version only changes on upgrades: read it again on every relist.
                k.version().then((v) => ((version = v), emit()), onError);
              } else if (ev.type === 'DELETED') nodes.delete(ev.object.metadata.name);
              else nodes.set(ev.object.metadata.name, toNodeView(parseNode(ev.object)));
              emit();
            },
            onError,
          });
        },
        onError,
      );
      return () => {
        stopped = true;
        stop?.();
      };
    },
  };
}

function toNodeView(n: KubeNodeInfo): KubeNodeView {
  const v: KubeNodeView = {
    name: n.name,
    ready: n.ready,
    conditions: n.conditions.map((c) => ({ type: c.type, status: c.status, ...(c.reason ? { reason: c.reason } : {}), ...(c.message ? { message: c.message } : {}), ...(c.lastTransitionTime ? { since: c.lastTransitionTime } : {}) })),
    unschedulable: n.unschedulable,
    roles: n.roles,
  };
  if (n.kubeletVersion) v.kubeletVersion = n.kubeletVersion;
  if (n.internalIP) v.internalIP = n.internalIP;
  return v;
}
