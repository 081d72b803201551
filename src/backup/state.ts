/**
 * The backup state of every cluster in one read: newest good backup and its age, staleness,
 * next runs, last attempt, the last restore drill, and what retention would keep now. Feeds `plat backup status` and
 * the dashboard's etcd screen.
 */
import type { CatalogEntry } from './catalog.js';
import { listBackups } from './inventory.js';
import { planPrune } from './prune.js';
import type { RetentionPolicy } from './retention.js';
import { scheduleInfo, type ScheduleInfo } from './schedule.js';
import { clusterStatus, type ClusterBackupStatus } from './status.js';
import { readStatusFile } from './status-file.js';
import { lastDrill, type DrillRecord } from './drill-record.js';

export interface BackupStateView {
  dir: string;
  schedule: ScheduleInfo;
  clusters: (ClusterBackupStatus & { retention: { keep: number; remove: number; stale?: string }; lastDrill?: DrillRecord })[];
}

export async function backupState(dir: string, clusters: readonly string[], cfg: { schedule: string; timezone: string; retention: RetentionPolicy }, now: number): Promise<BackupStateView> {
  const schedule = scheduleInfo(cfg.schedule, cfg.timezone, now);
  const [inv, runs] = await Promise.all([listBackups(dir, clusters), readStatusFile(dir)]);
  const good = inv.rows.filter((r) => r.state === 'ok' && r.entry).map((r) => r.entry as CatalogEntry);
  const out: BackupStateView = { dir, schedule, clusters: [] };
  for (const c of clusters) {
    const [plan, drill] = await Promise.all([planPrune(dir, c, cfg.retention, { now, timezone: cfg.timezone, staleAfterMs: schedule.staleAfterMs }), lastDrill(dir, c)]);
    out.clusters.push({
      ...clusterStatus(c, good, schedule, now, runs.clusters[c]),
      retention: { keep: plan.keep.length, remove: plan.remove.length, ...(plan.stale ? { stale: plan.stale.message } : {}) },
      ...(drill ? { lastDrill: drill } : {}),
    });
  }
  return out;
}
