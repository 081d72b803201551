/** Tables and lines for `plat backup list|verify|prune|status|schedule`. Pure. */
import type { Column } from '../cli/index.js';
import { humanDuration } from '../time/index.js';
import { mb } from './events.js';
import type { InventoryRow } from './inventory.js';
import type { PrunePlan } from './prune.js';
import type { ScheduleInfo } from './schedule.js';
import type { BackupStateView } from './state.js';
import { drillCell } from './drill-record.js';

/** An age or a wait in plat's one duration wording (src/time); a negative one is "in the future". */
export function humanAge(ms: number): string {
  return ms < 0 ? 'in the future' : humanDuration(ms / 1000);
}

const utc = (iso: string) => iso.replace(/\.\d{3}Z$/, 'Z').replace('T', ' ');

export function inventoryColumns(now: number): Column<InventoryRow>[] {
  return [
    { header: 'cluster', value: (r) => r.cluster },
    { header: 'file', value: (r) => r.file.split('/').pop() ?? r.file },
    { header: 'taken (utc)', value: (r) => utc(r.takenAt) },
    { header: 'age', value: (r) => humanAge(now - Date.parse(r.takenAt)), align: 'right' },
    { header: 'revision', value: (r) => (r.revision !== undefined ? String(r.revision) : '-'), align: 'right' },
    { header: 'size', value: (r) => (r.storedBytes !== undefined ? mb(r.storedBytes) : '-'), align: 'right' },
    { header: 'from', value: (r) => r.node ?? '-' },
    { header: 'state', value: (r) => (r.reason ? `${r.state}: ${r.reason}` : r.state) },
  ];
}

export function pruneLines(plan: PrunePlan, dryRun: boolean): string[] {
  const out = [`${plan.cluster}: keep ${plan.keep.length}, ${dryRun ? 'would delete' : 'delete'} ${plan.remove.length}`];
  if (plan.stale) out.push(`  ${plan.stale.message}`);
  for (const d of plan.decisions) out.push(`  ${d.keep ? 'keep  ' : dryRun ? 'delete?' : 'delete'} ${d.id.split('/').pop()}  ${d.reasons.join('; ')}`);
  return out;
}

export function scheduleLines(s: ScheduleInfo, localZone: string): string[] {
  const local = new Intl.DateTimeFormat('en-GB', { timeZone: localZone, dateStyle: 'medium', timeStyle: 'short' });
  return [
    `schedule  ${s.expression}  (${s.timezone})`,
    `interval  ${humanAge(s.intervalMs)}; backups count as stale after ${humanAge(s.staleAfterMs)}`,
    `next runs (local time, ${localZone}):`,
    ...s.next.map((t) => `  ${local.format(new Date(t))}   (${utc(new Date(t).toISOString()).replace(/Z$/, '')} UTC)`),
  ];
}

type StatusRow = BackupStateView['clusters'][number];

export function statusColumns(now: number): Column<StatusRow>[] {
  return [
    { header: 'cluster', value: (r) => r.cluster },
    { header: 'state', value: (r) => (r.stale ? 'STALE' : 'ok') },
    { header: 'newest good', value: (r) => (r.newest ? `${utc(r.newest.takenAt)} (${humanAge(r.ageMs ?? 0)} ago)` : 'none') },
    { header: 'revision', value: (r) => (r.newest?.revision !== undefined ? String(r.newest.revision) : '-'), align: 'right' },
    { header: 'backups', value: (r) => String(r.count), align: 'right' },
    { header: 'next run', value: (r) => `in ${humanAge(r.nextRun - now)}` },
    { header: 'retention', value: (r) => (r.retention.stale ? 'paused (stale)' : `keeps ${r.retention.keep}${r.retention.remove ? `, ${r.retention.remove} to prune` : ''}`) },
    { header: 'last attempt', value: (r) => (r.lastRun ? `${utc(r.lastRun.lastAttemptAt)}${r.lastRun.lastError ? ` FAILED: ${r.lastRun.lastError}` : ' ok'}` : '-') },
    { header: 'last drill', value: (r) => drillCell(r.lastDrill, now) },
  ];
}
