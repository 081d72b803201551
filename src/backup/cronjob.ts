/**
 * `plat backup schedule --emit cronjob`: the Kubernetes objects that run `plat backup run` inside
 * the cluster, so backups happen while the operator's machine is off. The pattern is
 * talos-backup's (backup.md §2.1): a talos.dev/v1alpha1 ServiceAccount with only `os:etcd:backup`
 * (allowed for EtcdSnapshot; talos.md §8), whose Secret Talos fills with a talosconfig, mounted
 * at /var/run/secrets/talos.dev. Secrets are referenced by name, never carried here. Pure.
 */
import type { PlatConfig } from '../config/index.js';
import { inClusterConfig, POD_PATHS, TALOS_SECRET_DIR, type SftpSecretRef } from './cronjob-config.js';

export interface KubeDoc {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [k: string]: unknown;
}

export interface CronJobOptions {
  cluster: string;
  namespace: string;
  /** Base name of every object (CronJob names are limited to 52 characters). */
  name: string;
  image: string;
  /** An existing PersistentVolumeClaim for /var/lib/plat; default an emptyDir. */
  claim?: string;
  platVersion: string;
}

export interface CronJobBundle {
  docs: KubeDoc[];
  sftp: SftpSecretRef[];
  /** The talos.dev ServiceAccount (and the Secret Talos makes for it). */
  talosAccount: string;
  dropped: string[];
  /** Why an operator should look twice (also printed as comments). */
  warnings: string[];
}

export const TALOS_ROLE = 'os:etcd:backup';

export function cronJobBundle(config: PlatConfig, o: CronJobOptions): CronJobBundle {
  const labels = { 'app.kubernetes.io/name': o.name, 'app.kubernetes.io/component': 'etcd-backup', 'app.kubernetes.io/managed-by': 'plat', 'plat.dev/cluster': o.cluster };
  const meta = (name: string) => ({ name, namespace: o.namespace, labels });
  const talosAccount = `${o.name}-talos`;
  const cfg = inClusterConfig(config, o.cluster, o.name);
  const warnings: string[] = [];
  if (cfg.sftp.length === 0 && !o.claim) warnings.push('no SFTP destination and no --claim: every backup is lost with its pod; add a destination to plat.yaml');
  const volumes: Record<string, unknown>[] = [
    { name: 'config', configMap: { name: `${o.name}-config` } },
    { name: 'talos', secret: { secretName: talosAccount } },
    // 0440 with fsGroup: the non-root user reads the key through its group
    ...cfg.sftp.map((s) => ({ name: `sftp-${s.destination}`, secret: { secretName: s.secret, defaultMode: 0o440 } })),
    o.claim ? { name: 'data', persistentVolumeClaim: { claimName: o.claim } } : { name: 'data', emptyDir: {} },
    { name: 'tmp', emptyDir: {} },
  ];
  const mounts = [
    { name: 'config', mountPath: POD_PATHS.configDir, readOnly: true },
    { name: 'talos', mountPath: TALOS_SECRET_DIR, readOnly: true },
    ...cfg.sftp.map((s) => ({ name: `sftp-${s.destination}`, mountPath: POD_PATHS.sftpDir(s.destination), readOnly: true })),
    { name: 'data', mountPath: POD_PATHS.home },
    { name: 'tmp', mountPath: '/tmp' },
  ];
  const pod = {
    serviceAccountName: o.name,
    // plat backup run talks to Talos only; no Kubernetes API token in the pod
    automountServiceAccountToken: false,
    restartPolicy: 'Never',
    securityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [
      {
        name: 'plat',
        image: o.image,
        imagePullPolicy: 'IfNotPresent',
        command: ['plat', 'backup', 'run', '--config', POD_PATHS.config],
        env: [{ name: 'HOME', value: POD_PATHS.home }, { name: 'NO_COLOR', value: '1' }],
        securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
        resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '512Mi' } },
        volumeMounts: mounts,
      },
    ],
    volumes,
  };
  const docs: KubeDoc[] = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: o.namespace, labels: { 'pod-security.kubernetes.io/enforce': 'restricted', 'app.kubernetes.io/managed-by': 'plat' } } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(o.name), automountServiceAccountToken: false },
    { apiVersion: 'talos.dev/v1alpha1', kind: 'ServiceAccount', metadata: meta(talosAccount), spec: { roles: [TALOS_ROLE] } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(`${o.name}-config`), data: { 'plat.yaml': cfg.yaml } },
    {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: meta(o.name),
      spec: {
        schedule: config.backup.schedule,
        timeZone: config.backup.timezone,
        // plat's own lock lives in the pod's volume; with an emptyDir only this keeps runs apart
        concurrencyPolicy: 'Forbid',
        startingDeadlineSeconds: 900,
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 5,
        jobTemplate: {
          metadata: { labels },
          spec: {
            // plat retries on another member itself; one more pod covers a node that went away
            backoffLimit: 1,
            activeDeadlineSeconds: 3600,
            template: { metadata: { labels }, spec: pod },
          },
        },
      },
    },
  ];
  return { docs, sftp: cfg.sftp, talosAccount, dropped: cfg.dropped, warnings };
}
