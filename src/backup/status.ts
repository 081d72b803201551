/**
 * The backup state per cluster: newest good backup, its age, staleness against the schedule,
 * the next runs, and the last attempt recorded by `plat backup run` in `status.json`. Staleness
 * is what a monitoring system checks (`plat backup status` exits 3): a job that stopped running
 * fails no exit code (backup.md §6.5). Pure; status.json is read and written by status-file.ts.
 */
import { humanDuration } from '../time/index.js';
import type { CatalogEntry } from './catalog.js';
import type { ScheduleInfo } from './schedule.js';

export interface RunRecord {
  lastAttemptAt: string;
  lastSuccessAt?: string;
  lastFile?: string;
  lastRevision?: number;
  lastError?: string;
}

export type StatusFile = { clusters: Record<string, RunRecord> };

export interface ClusterBackupStatus {
  cluster: string;
  newest?: { file: string; takenAt: string; revision?: number; storedBytes: number };
  ageMs?: number;
  stale: boolean;
  staleAfterMs: number;
  /** Verified backups on disk for this cluster. */
  count: number;
  nextRun: number;
  lastRun?: RunRecord;
  /** The last run failed (after the last success, if any): its lastError is the news. */
  lastRunFailed: boolean;
  /** One line for humans. */
  summary: string;
}

const age = (ms: number) => humanDuration(Math.max(0, ms) / 1000);

/** `good`: catalog entries whose file is on disk with the catalogued size. */
export function clusterStatus(cluster: string, good: readonly CatalogEntry[], schedule: ScheduleInfo, now: number, lastRun?: RunRecord): ClusterBackupStatus {
  const mine = good.filter((e) => e.cluster === cluster).sort((a, b) => Date.parse(b.takenAt) - Date.parse(a.takenAt));
  const newest = mine[0];
  const lastRunFailed = !!lastRun?.lastError && (!lastRun.lastSuccessAt || Date.parse(lastRun.lastAttemptAt) > Date.parse(lastRun.lastSuccessAt));
  const s: ClusterBackupStatus = { cluster, stale: true, staleAfterMs: schedule.staleAfterMs, count: mine.length, nextRun: schedule.next[0]!, lastRunFailed, summary: '' };
  if (lastRun) s.lastRun = lastRun;
  const failed = lastRunFailed ? `; last attempt failed: ${lastRun!.lastError}` : '';
  if (!newest) {
    s.summary = `no verified backup${failed}`;
    return s;
  }
  s.newest = { file: newest.file, takenAt: newest.takenAt, storedBytes: newest.storedBytes, ...(newest.revision !== undefined ? { revision: newest.revision } : {}) };
  s.ageMs = now - Date.parse(newest.takenAt);
  s.stale = s.ageMs > schedule.staleAfterMs;
  s.summary = s.stale
    ? `STALE: newest verified backup is ${age(s.ageMs)} old (limit ${age(schedule.staleAfterMs)})${failed}`
    : `ok: newest verified backup ${age(s.ageMs)} old${failed}`;
  return s;
}
