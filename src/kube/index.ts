/**
 * plat's door to Kubernetes: one KubeCluster per kubeconfig context (nodes, generic list/watch of
 * any kind, merge patch) and the pure Node parser. Importing this module loads no client at all;
 * `openKubeCluster` reads the kubeconfig and picks one: plain node:https for token, client
 * certificate and basic-auth users, @kubernetes/client-node (~450 ms to import) only for exec
 * plugins, auth-providers and proxy-url.
 */
export type { KubeCluster, KubeClusterOptions, KubeList, KubeResource, ListOptions, ListWatchOptions, ListWatchEvent, WatchEvent, WatchOptions } from './types.js';
export { parseNode, nodeRoles, type KubeNodeCondition, type KubeNodeInfo } from './node-info.js';
export { KubeApiError } from './kube-errors.js';
import type { KubeCluster, KubeClusterOptions } from './types.js';

/** Loads the kubeconfig and selects the context; throws ConfigError when either is missing or unusable. */
export async function openKubeCluster(opts: KubeClusterOptions): Promise<KubeCluster> {
  const [{ loadKubeTarget }, { clientNodeReason }] = await Promise.all([import('./kubeconfig-files.js'), import('./kube-target.js')]);
  const target = loadKubeTarget(opts);
  if (clientNodeReason(target)) {
    const { connectKubeCluster } = await import('./cluster.js');
    return connectKubeCluster(target, opts);
  }
  const { connectLightCluster } = await import('./light-cluster.js');
  return connectLightCluster(target, opts);
}

/**
 * One KubeCluster per context, opened on first use and shared; a failed open (bad kubeconfig,
 * missing context) is forgotten so the next look tries again.
 */
export function kubeClusterCache(kubeconfigPath?: string): (context: string) => Promise<KubeCluster> {
  const open = new Map<string, Promise<KubeCluster>>();
  return (context) => {
    let k = open.get(context);
    if (!k) {
      k = openKubeCluster({ context, ...(kubeconfigPath ? { kubeconfigPath } : {}) });
      k.catch(() => open.delete(context));
      open.set(context, k);
    }
    return k;
  };
}
