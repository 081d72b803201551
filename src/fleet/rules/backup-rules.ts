/**
 * Backup findings for the Overview and `plat status`, from the backup state the etcd panel reads
 * with its look (src/backup collectEtcdScreen). A backup job that stopped fails no exit code, so
 * staleness is what to alert on (backup.md §6.4: the newest verified backup older than about two
 * schedule intervals; the limit is the backup room's `staleAfterMs`). Warnings: nothing is down
 * yet, but a restore would lose what came after the newest good backup. Pure.
 */
import type { EtcdScreenCluster } from '../../etcd/screen-model.js';
import { humanDuration } from '../../time/index.js';
import type { Finding } from '../model.js';

const age = (ms: number) => humanDuration(Math.max(0, ms) / 1000);

export function backupFindings(cluster: string, c: Pick<EtcdScreenCluster, 'backup' | 'backupError'>, now: number): Finding[] {
  const base = { severity: 'warning', cluster, subject: 'etcd backup' } as const;
  const take = `take one now: plat backup run --cluster ${cluster}`;
  if (c.backupError) {
    return [{ ...base, rule: 'backup.unread', what: `the backups of ${cluster} cannot be read`, why: c.backupError, action: 'check backup.dir in plat.yaml and that plat may read it; then plat backup status' }];
  }
  const b = c.backup;
  if (!b || (b.newest && !b.stale)) return [];
  const run = b.lastRun;
  const failed = run?.lastError && (!run.lastSuccessAt || run.lastAttemptAt > run.lastSuccessAt) ? run : undefined;
  const lastTry = run ? `the last run was ${age(now - Date.parse(run.lastAttemptAt))} ago` : 'no run is recorded on this machine';
  const why = failed ? `the last run (${age(now - Date.parse(failed.lastAttemptAt))} ago) failed: ${failed.lastError}` : lastTry;
  if (!b.newest) {
    return [{ ...base, rule: 'backup.none', what: `no verified etcd backup of ${cluster}`, why, action: `${take}; then keep it scheduled: plat backup schedule --cluster ${cluster}` }];
  }
  return [{
    ...base,
    rule: 'backup.stale',
    what: `the newest verified etcd backup of ${cluster} is ${age(b.ageMs ?? 0)} old (limit ${age(b.staleAfterMs)})`,
    why: failed ? why : `${lastTry}: the scheduled job may have stopped`,
    action: `${take}; then check the scheduled job (cron, systemd timer or CronJob) and plat backup status`,
  }];
}
