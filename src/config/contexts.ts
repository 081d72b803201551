import type { ClusterConfig } from './schema.js';

/** `talosctl kubeconfig` names contexts admin@<cluster>; talosconfig contexts are the cluster names. */
export const kubeContextOf = (c: ClusterConfig): string => c.kubeContext ?? `admin@${c.name}`;
export const talosContextOf = (c: ClusterConfig): string => c.talosContext ?? c.name;
