/**
 * The plat.yaml a backup CronJob runs with, derived from the operator's: one cluster (the one the
 * job runs in — Talos grants its API only to pods of its own cluster), the talosconfig Talos
 * mounts into the pod, backup paths inside the pod, and each SFTP destination's key and
 * known_hosts read from a mounted Secret. Local destinations are directories on the operator's
 * machine and are left out. Pure.
 */
import { stringify } from 'yaml';
import type { PlatConfig } from '../config/index.js';
import { UserError } from '../errors/index.js';

/**
 * What Talos puts in the Secret of a talos.dev ServiceAccount: a talosconfig under the key
 * `config`, context `default`, endpoint `talos.default` (siderolabs/talos
 * internal/app/machined/pkg/controllers/kubeaccess/serviceaccount/crd_controller.go:
 * talosconfigContextName = "default"; the Secret has the ServiceAccount's name). talosctl also
 * looks for it at /var/run/secrets/talos.dev/config when nothing else is set (talos.md §5.7).
 */
export const TALOS_SECRET_DIR = '/var/run/secrets/talos.dev';
export const TALOS_CONTEXT = 'default';

export const POD_PATHS = {
  configDir: '/etc/plat/config',
  config: '/etc/plat/config/plat.yaml',
  home: '/var/lib/plat',
  backups: '/var/lib/plat/backups',
  state: '/var/lib/plat/state',
  sftpDir: (dest: string) => `/etc/plat/sftp/${dest}`,
} as const;

export interface SftpSecretRef {
  destination: string;
  secret: string;
  /** The operator's files, for the `kubectl create secret` line (paths, never contents). */
  localIdentityFile: string;
  localKnownHosts: string;
}

export interface InClusterConfig {
  yaml: string;
  sftp: SftpSecretRef[];
  /** Destinations left out, with why. */
  dropped: string[];
}

export function sftpSecretName(jobName: string, destination: string): string {
  return `${jobName}-sftp-${destination}`;
}

export function inClusterConfig(config: PlatConfig, clusterName: string, jobName: string): InClusterConfig {
  const cluster = config.clusters.find((c) => c.name === clusterName);
  if (!cluster) throw new UserError(`cluster ${clusterName} is not in plat.yaml`);
  const sftp: SftpSecretRef[] = [];
  const dropped: string[] = [];
  const destinations = config.backup.destinations.flatMap((d) => {
    if (d.type !== 'sftp') {
      dropped.push(`destination "${d.name}" (type ${d.type}: a directory on this machine, not in the pod)`);
      return [];
    }
    const dir = POD_PATHS.sftpDir(d.name);
    sftp.push({ destination: d.name, secret: sftpSecretName(jobName, d.name), localIdentityFile: d.identityFile, localKnownHosts: d.knownHosts });
    return [{ ...d, identityFile: `${dir}/identity`, knownHosts: `${dir}/known_hosts` }];
  });
  const { dir: _dir, destinations: _d, ...backup } = config.backup;
  const doc = {
    talosconfig: `${TALOS_SECRET_DIR}/config`,
    stateDir: POD_PATHS.state,
    clusters: [{ name: cluster.name, id: cluster.id, talosContext: TALOS_CONTEXT, readOnly: cluster.readOnly, nodes: cluster.nodes }],
    backup: { dir: POD_PATHS.backups, ...backup, destinations },
  };
  const header = `# plat.yaml for the in-cluster backup of ${cluster.name} (written by plat backup schedule --emit cronjob)\n`;
  return { yaml: header + stringify(doc, { lineWidth: 0 }), sftp, dropped };
}
