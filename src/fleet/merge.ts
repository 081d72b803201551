/** Join the Talos and Kubernetes views of a cluster into ClusterState (pure). */
import type { ClusterConfig } from '../config/index.js';
import type { ClusterState, NodeState, SourceStatus } from './model.js';
import type { KubeClusterView, TalosClusterView } from './sources.js';

export interface ClusterInputs {
  talos: { status: SourceStatus; view?: TalosClusterView | undefined };
  kube: { status: SourceStatus; view?: KubeClusterView | undefined };
}

export function mergeCluster(cfg: ClusterConfig, inputs: ClusterInputs, readOnly: boolean): ClusterState {
  const kubeNodes = inputs.kube.view?.nodes ?? [];
  const nodes: NodeState[] = cfg.nodes.map((n) => {
    const t = inputs.talos.view?.nodes[n.ip] ?? inputs.talos.view?.nodes[n.name];
    const k = kubeNodes.find((x) => x.name === n.name) ?? kubeNodes.find((x) => x.internalIP === n.ip);
    // Without an answer from talosctl yet we do not know; only an explicit per-node error makes it unreachable.
    const talosReachable = !t?.error;
    const state: NodeState = {
      cluster: cfg.name,
      name: n.name,
      ip: n.ip,
      role: n.role,
      talosReachable,
      services: t?.services ?? [],
    };
    if (t?.error) state.talosError = t.error;
    if (t?.version) state.talosVersion = t.version;
    if (t?.stage) state.stage = t.stage;
    if (t?.unmetConditions) state.unmetConditions = t.unmetConditions;
    if (t?.uptimeSeconds !== undefined) state.uptimeSeconds = t.uptimeSeconds;
    if (k) {
      state.ready = k.ready;
      state.cordoned = k.unschedulable;
      state.conditions = k.conditions;
      if (k.kubeletVersion) state.kubeletVersion = k.kubeletVersion;
    }
    return state;
  });
  const out: ClusterState = {
    name: cfg.name,
    id: cfg.id,
    readOnly,
    talos: inputs.talos.status,
    kube: inputs.kube.status,
    nodes,
  };
  if (inputs.talos.view?.clientVersion) out.talosClientVersion = inputs.talos.view.clientVersion;
  if (inputs.kube.view?.version) out.kubernetesVersion = inputs.kube.view.version;
  return out;
}
