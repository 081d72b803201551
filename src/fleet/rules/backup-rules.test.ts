import { describe, expect, it } from 'vitest';
import type { EtcdBackupSummary } from '../../etcd/screen-model.js';
import { backupFindings } from './backup-rules.js';

const now = Date.parse('2026-11-27T12:00:00Z');
const H = 3_600_000;
const summary = (over: Partial<EtcdBackupSummary> = {}): EtcdBackupSummary => ({
  stale: true, staleAfterMs: 12 * H, nextRun: now + H, count: 0, retention: { keep: 0, remove: 0 }, lastRunFailed: false, ...over,
});
const fresh = summary({ newest: { takenAt: '2026-11-27T10:00:00Z', revision: 9, storedBytes: 1 }, ageMs: 2 * H, stale: false, count: 3 });
const staleNewest = { newest: { takenAt: '2026-11-26T21:00:00Z', storedBytes: 1 }, ageMs: 15 * H, stale: true, count: 4 };

describe('backupFindings', () => {
  it('none for a fresh backup, nor before the state is read', () => {
    expect(backupFindings('infra', { backup: fresh }, now)).toEqual([]);
    expect(backupFindings('infra', {}, now)).toEqual([]);
  });

  it('no verified backup: take one and install the schedule; the failed last run is the why', () => {
    expect(backupFindings('infra', { backup: summary() }, now)).toEqual([{
      rule: 'backup.none', severity: 'warning', cluster: 'infra', subject: 'etcd backup',
      what: 'no verified etcd backup of infra',
      why: "no run is recorded in the backup dir's status.json: the schedule may never have been installed",
      action: 'take one now: plat backup run --cluster infra; then install the schedule: plat backup schedule --emit crontab (or systemd, cronjob)',
    }]);
    const failed = backupFindings('infra', { backup: summary({ lastRunFailed: true, lastRun: { lastAttemptAt: '2026-11-27T11:30:00Z', lastError: 'talosctl etcd snapshot: no progress for 60s' } }) }, now);
    expect(failed[0]!.why).toBe('the last run (30m ago) failed: talosctl etcd snapshot: no progress for 60s');
  });

  it('stale: how old against the limit, and which of the three reasons it is', () => {
    const stopped = summary({ ...staleNewest, lastRun: { lastAttemptAt: '2026-11-26T21:00:00Z', lastSuccessAt: '2026-11-26T21:00:00Z' } });
    expect(backupFindings('apps', { backup: stopped }, now)).toEqual([{
      rule: 'backup.stale', severity: 'warning', cluster: 'apps', subject: 'etcd backup',
      what: 'the newest verified etcd backup of apps is 15h0m old (limit 12h0m)',
      why: 'no run for 15h0m: the scheduled job may have stopped',
      action: 'take one now: plat backup run --cluster apps; then check that the scheduled job runs (plat backup schedule --emit crontab (or systemd, cronjob) installs one)',
    }]);
    // A run an hour ago succeeded, yet the newest verified backup is old: its file is gone or bad.
    const lost = summary({ ...staleNewest, lastRun: { lastAttemptAt: '2026-11-27T11:00:00Z', lastSuccessAt: '2026-11-27T11:00:00Z' } });
    expect(backupFindings('apps', { backup: lost }, now)[0]!.why).toBe('the last run (1h0m ago) succeeded, but its backup is not on disk as catalogued: plat backup list --cluster apps');
  });

  it('a backup state that cannot be read says so, with the reason', () => {
    expect(backupFindings('infra', { backupError: 'EACCES: permission denied, scandir /srv/etcd' }, now)).toMatchObject([
      { rule: 'backup.unread', what: 'the backups of infra cannot be read', why: 'EACCES: permission denied, scandir /srv/etcd' },
    ]);
  });
});
