/**
 * One look for the dashboard's etcd screen: every cluster's etcd (observeEtcd, findings against
 * the previous look) and the backup state of the backup dir. Meant to be polled by the live
 * store every ~15 s; pass the previous result back in so "went down" findings can fire.
 */
import type { ClusterConfig, PlatConfig } from '../config/index.js';
import { expandHome } from '../conventions/index.js';
import { etcdFindings, observeEtcd, type EtcdScreenData, type EtcdTalos } from '../etcd/index.js';
import { backupState } from './state.js';

export interface EtcdScreenSourceOptions {
  config: PlatConfig;
  clusters: readonly ClusterConfig[];
  env: NodeJS.ProcessEnv;
  talosFor: (cluster: ClusterConfig) => EtcdTalos;
  now: () => number;
  previous?: EtcdScreenData;
  signal?: AbortSignal;
}

export async function collectEtcdScreen(o: EtcdScreenSourceOptions): Promise<EtcdScreenData> {
  const dir = expandHome(o.config.backup.dir, o.env);
  const [looks, backups] = await Promise.all([
    Promise.all(o.clusters.map((c) => observeEtcd(o.talosFor(c), c, { now: o.now, ...(o.signal ? { signal: o.signal } : {}) }))),
    backupState(dir, o.clusters.map((c) => c.name), o.config.backup, o.now()).then(
      (v) => ({ view: v }),
      (e: unknown) => ({ error: (e instanceof Error ? e.message : String(e)).split('\n')[0]! }),
    ),
  ]);
  return {
    at: o.now(),
    clusters: looks.map((look) => {
      const backup = 'view' in backups ? backups.view.clusters.find((b) => b.cluster === look.cluster) : undefined;
      if (backup?.newest?.revision !== undefined) look.revision = backup.newest.revision;
      const prev = o.previous?.clusters.find((c) => c.look.cluster === look.cluster)?.look;
      return {
        look,
        findings: etcdFindings(look, prev, { quotaBytes: o.config.backup.etcdQuotaBytes }),
        ...(backup ? { backup } : {}),
        ...('error' in backups ? { backupError: backups.error } : {}),
      };
    }),
  };
}
