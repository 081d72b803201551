/**
 * KubeClusters for plat.yaml's clusters: one per kubeconfig context (`admin@<cluster>` unless the
 * cluster names its own), opened on first use and shared. The kube room picks its light node:https
 * client for token and certificate users, so `plat flux get` never loads @kubernetes/client-node
 * for the kubeconfigs talosctl writes.
 */
import { expandHome, kubeContextOf } from '../conventions/index.js';
import { kubeClusterCache, type KubeCluster } from '../kube/index.js';

export interface FluxKubeConfig {
  kubeconfig?: string | undefined;
  clusters: readonly { name: string; kubeContext?: string | undefined }[];
}

export function fluxKubeFor(config: FluxKubeConfig, env: NodeJS.ProcessEnv): (cluster: string) => Promise<KubeCluster> {
  const open = kubeClusterCache(config.kubeconfig ? expandHome(config.kubeconfig, env) : undefined);
  return (name) => {
    const c = config.clusters.find((x) => x.name === name) ?? { name };
    return open(kubeContextOf(c));
  };
}
