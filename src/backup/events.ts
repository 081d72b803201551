/**
 * What a backup run reports as it goes. One stream, three consumers: the TUI, `-o jsonl` (one
 * event per line) and the plain log for cron (one timestamped line per event on stderr). Pure.
 */
import type { CatalogEntry } from './catalog.js';

interface At {
  /** ISO time of the event. */
  at: string;
}

export type BackupEvent = At &
  (
    | { type: 'locked'; dir: string; lock: string; tookOver?: string }
    | { type: 'cluster-start'; cluster: string }
    | { type: 'cleanup'; cluster: string; removed: string[] }
    | { type: 'adopted'; cluster: string; file: string }
    | { type: 'members'; cluster: string; order: string[]; skipped: { node: string; reason: string }[] }
    | { type: 'snapshot-start'; cluster: string; node: string; address: string; attempt: number; leader: boolean }
    | { type: 'snapshot-progress'; cluster: string; node: string; bytes: number }
    | { type: 'snapshot-failed'; cluster: string; node: string; attempt: number; reason: string; willRetry: boolean }
    | { type: 'stored'; cluster: string; file: string; snapshotBytes: number; storedBytes: number; revision?: number; seconds: number }
    | { type: 'retention'; cluster: string; kept: number; removed: string[]; stale?: string }
    | { type: 'warning'; cluster?: string; message: string }
    | { type: 'cluster-done'; cluster: string; entry: CatalogEntry; retentionError?: string }
    | { type: 'cluster-failed'; cluster: string; error: string; hint?: string; exitCode: number }
  );

export interface ClusterOutcome {
  cluster: string;
  ok: boolean;
  file?: string;
  revision?: number;
  storedBytes?: number;
  snapshotBytes?: number;
  seconds?: number;
  removed?: string[];
  stale?: string;
  error?: string;
  hint?: string;
  /** 0, or the exit code this cluster alone would give (1 failed, 5 refused by a gate). */
  exitCode: number;
}

export interface BackupRunResult {
  ok: boolean;
  exitCode: number;
  dir: string;
  clusters: ClusterOutcome[];
}

export function mb(bytes: number): string {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(1)} kB`;
}

/** The plain log line for an event (cron mails and journald keep these). */
export function logLine(e: BackupEvent): string {
  const t = e.at.replace(/\.\d{3}Z$/, 'Z');
  const c = 'cluster' in e && e.cluster ? `${e.cluster}: ` : '';
  switch (e.type) {
    case 'locked':
      return `${t} locked ${e.lock}${e.tookOver ? ` (took over a stale lock: ${e.tookOver})` : ''}`;
    case 'cluster-start':
      return `${t} ${c}backup starting`;
    case 'cleanup':
      return `${t} ${c}removed ${e.removed.length} leftover work file${e.removed.length === 1 ? '' : 's'} of an interrupted run`;
    case 'adopted':
      return `${t} ${c}re-verified and catalogued ${e.file} (a run stopped before cataloguing it)`;
    case 'members':
      return `${t} ${c}snapshot order ${e.order.join(', ')}${e.skipped.length ? `; skipped ${e.skipped.map((s) => `${s.node} (${s.reason})`).join(', ')}` : ''}`;
    case 'snapshot-start':
      return `${t} ${c}snapshot from ${e.node} (${e.address}${e.leader ? ', leader' : ''}), attempt ${e.attempt}`;
    case 'snapshot-progress':
      return `${t} ${c}${mb(e.bytes)} received from ${e.node}`;
    case 'snapshot-failed':
      return `${t} ${c}snapshot from ${e.node} failed: ${e.reason}${e.willRetry ? '; retrying' : ''}`;
    case 'stored':
      return `${t} ${c}stored ${e.file} (${mb(e.snapshotBytes)} → ${mb(e.storedBytes)}, revision ${e.revision ?? 'unknown'}, ${e.seconds.toFixed(1)} s)`;
    case 'retention':
      return e.stale ? `${t} ${c}retention: ${e.stale}` : `${t} ${c}retention kept ${e.kept}, removed ${e.removed.length}${e.removed.length ? `: ${e.removed.join(', ')}` : ''}`;
    case 'warning':
      return `${t} ${c}warning: ${e.message}`;
    case 'cluster-done':
      return `${t} ${c}backup ok${e.retentionError ? `, but retention failed: ${e.retentionError}` : ''}`;
    case 'cluster-failed':
      return `${t} ${c}backup FAILED: ${e.error}${e.hint ? ` (hint: ${e.hint})` : ''}`;
  }
}

/** The one summary line `plat backup run` prints on stdout. */
export function summaryLine(r: BackupRunResult): string {
  const parts = r.clusters.map((c) =>
    c.ok
      ? `${c.cluster} ok ${c.file} (${mb(c.storedBytes ?? 0)}, rev ${c.revision ?? '?'}, ${(c.seconds ?? 0).toFixed(1)} s${c.removed?.length ? `, pruned ${c.removed.length}` : ''}${c.stale ? ', retention paused: stale' : ''})${c.error ? ` — ${c.error}` : ''}`
      : `${c.cluster} FAILED: ${c.error}`,
  );
  return `${parts.join('; ')}\n`;
}
