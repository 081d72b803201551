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
const SCHEDULE = 'plat backup schedule --emit crontab (or systemd, cronjob)';

export function backupFindings(cluster: string, c: Pick<EtcdScreenCluster, 'backup' | 'backupError'>, now: number): Finding[] {
  const base = { severity: 'warning', cluster, subject: 'etcd backup' } as const;
  const take = `take one now: plat backup run --cluster ${cluster}`;
  if (c.backupError) {
    return [{ ...base, rule: 'backup.unread', what: `the backups of ${cluster} cannot be read`, why: c.backupError, action: 'check backup.dir in plat.yaml and that plat may read it; then plat backup status' }];
  }
  const b = c.backup;
  if (!b || (b.newest && !b.stale)) return [];
  const run = b.lastRun;
  const since = run ? now - Date.parse(run.lastAttemptAt) : 0;
  // Why there is no fresh backup: the last run failed; or no run for longer than the schedule's
  // interval (half the stale limit): the job stopped; or a recent run succeeded, yet its backup is
  // not on disk as catalogued (deleted, moved, or failing its check).
  const why =
    !run ? "no run is recorded in the backup dir's status.json: the schedule may never have been installed"
    : b.lastRunFailed ? `the last run (${age(since)} ago) failed: ${run.lastError ?? '?'}`
    : since > b.staleAfterMs / 2 ? `no run for ${age(since)}: the scheduled job may have stopped`
    : `the last run (${age(since)} ago) succeeded, but its backup is not on disk as catalogued: plat backup list --cluster ${cluster}`;
  if (!b.newest) {
    return [{ ...base, rule: 'backup.none', what: `no verified etcd backup of ${cluster}`, why, action: `${take}; then install the schedule: ${SCHEDULE}` }];
  }
  return [{
    ...base,
    rule: 'backup.stale',
    what: `the newest verified etcd backup of ${cluster} is ${age(b.ageMs ?? 0)} old (limit ${age(b.staleAfterMs)})`,
    why,
    action: `${take}; then check that the scheduled job runs (${SCHEDULE} installs one)`,
  }];
}
