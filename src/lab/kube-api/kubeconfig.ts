/**
 * The kubeconfig the lab hands to kubectl and plat: one cluster, user and context per lab
 * cluster, contexts named `admin@<cluster>` as Talos names them (`talosctl kubeconfig`). It holds
 * bearer tokens, so it is written 0600 through a temp file and a rename.
 */
import { chmodSync, renameSync, writeFileSync } from 'node:fs';
import { stringify } from 'yaml';

export interface KubeconfigCluster {
  name: string;
  url: string;
  token?: string;
  /** certificate-authority-data for an https:// server (KubeApiServer.caData). */
  caData?: string;
}

export const contextName = (cluster: string): string => `admin@${cluster}`;

/**
 * @kubernetes/client-node refuses a plain http:// server unless the kubeconfig sets
 * insecure-skip-tls-verify ("HTTP protocol is not allowed when skipTLSVerify is not set"), so a
 * lab server started without TLS gets that flag; an https one gets its CA.
 */
function clusterEntry(c: KubeconfigCluster): Record<string, unknown> {
  if (c.url.startsWith('http://')) return { server: c.url, 'insecure-skip-tls-verify': true };
  return { server: c.url, ...(c.caData ? { 'certificate-authority-data': c.caData } : {}) };
}

/** `currentContext` may be a cluster name (`infra`) or a context name (`admin@infra`). */
export function writeKubeconfig(path: string, clusters: KubeconfigCluster[], currentContext: string): void {
  const names = clusters.map((c) => c.name);
  const current = names.includes(currentContext) ? contextName(currentContext) : currentContext;
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: clusters.map((c) => ({ name: c.name, cluster: clusterEntry(c) })),
    users: clusters.map((c) => ({ name: contextName(c.name), user: c.token ? { token: c.token } : {} })),
    contexts: clusters.map((c) => ({ name: contextName(c.name), context: { cluster: c.name, user: contextName(c.name), namespace: 'default' } })),
    'current-context': current,
    preferences: {},
  };
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, stringify(doc), { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}
