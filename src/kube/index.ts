/**
 * plat's door to Kubernetes: one KubeCluster per kubeconfig context (nodes, generic list/watch of
 * any kind, merge patch) and the pure Node parser. Importing this module does not load
 * @kubernetes/client-node; `openKubeCluster` does, on first use.
 */
export type { KubeCluster, KubeClusterOptions, KubeList, KubeResource, ListOptions, ListWatchEvent, ListWatchOptions, WatchEvent, WatchOptions } from './types.js';
export { parseNode, nodeRoles, type KubeNodeCondition, type KubeNodeInfo } from './node-info.js';
export { KubeApiError } from './kube-errors.js';
import type { KubeCluster, KubeClusterOptions } from './types.js';

/** Loads the kubeconfig and selects the context; throws ConfigError when either is missing. */
export async function openKubeCluster(opts: KubeClusterOptions): Promise<KubeCluster> {
  const { connectKubeCluster } = await import('./cluster.js');
  return connectKubeCluster(opts);
}
