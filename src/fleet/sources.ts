/**
 * What fleet needs from the outside, per cluster. The adapters (talosctl, Kubernetes API) live in
 * their rooms; sources.ts only names the shapes fleet consumes, so merge and rules stay pure.
 */
import type { ClusterConfig } from '../config/index.js';
import type { NodeCondition, TalosServiceState } from './model.js';

/** Talos' view of one cluster: one talosctl call per resource with every node in `-n`. */
export interface TalosClusterView {
  clientVersion?: string;
  /** Keyed by the node address given to talosctl (the IP from plat.yaml). */
  nodes: Record<string, TalosNodeView>;
}

export interface TalosNodeView {
  /** Set when talosctl reported an error for this node (unreachable, refused…). */
  error?: string;
  version?: string;
  services?: TalosServiceState[];
  stage?: string;
  unmetConditions?: string[];
  uptimeSeconds?: number;
}

export interface KubeNodeView {
  name: string;
  ready: boolean;
  conditions: NodeCondition[];
  kubeletVersion?: string;
  unschedulable: boolean;
  internalIP?: string;
  roles: string[];
}

export interface KubeClusterView {
  version?: string;
  nodes: KubeNodeView[];
}

export interface ClusterSources {
  talos(cluster: ClusterConfig, signal: AbortSignal): Promise<TalosClusterView>;
  kube(cluster: ClusterConfig, signal: AbortSignal): Promise<KubeClusterView>;
}
