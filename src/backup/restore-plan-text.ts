/** The restore plan as an operator reads it: the backup's checks first, then the numbered steps. Pure. */
import { mb } from './events.js';
import { drillCell } from './drill-record.js';
import { humanAge } from './report.js';
import type { RestorePlan } from './restore-plan.js';

export function restorePlanText(plan: RestorePlan, now: number): string {
  const b = plan.backup;
  const utc = (iso: string) => iso.replace(/\.\d{3}Z$/, 'Z').replace('T', ' ');
  const facts: [string, string][] = [
    ['taken', b.takenAt ? `${utc(b.takenAt)} (${humanAge(now - Date.parse(b.takenAt))} ago)${b.node ? ` from ${b.node}${b.nodeAddress ? ` (${b.nodeAddress})` : ''}` : ''}` : 'unknown (not in the catalog)'],
    ['revision', b.revision !== undefined ? String(b.revision) : 'unknown'],
    ['size', `${b.snapshotBytes !== undefined ? `${mb(b.snapshotBytes)} snapshot, ` : ''}${mb(b.storedBytes)} stored${b.encrypted ? ', age-encrypted' : ''}${b.gzip ? ', gzip' : ''}`],
    ['sha256', `${b.sha256}  (the stored file)`],
    ['trailer', b.trailerSha256 ? `${b.trailerSha256}  (sha256 of the snapshot's bbolt bytes)` : 'none: hash-less data-dir copy'],
    ['etcd hash', b.snapshotHash ?? 'unknown'],
    ['checked', `${b.check.ok ? 'ok' : 'FAILED'} just now: ${b.check.ok ? b.check.what : b.check.problems.join('; ')}`],
    ['drill', drillCell(b.lastDrill, now)],
  ];
  const width = Math.max(...facts.map(([k]) => k.length));
  const out = [
    `Restore plan for cluster ${plan.cluster}: plat executes nothing; run each step yourself, in order.`,
    '',
    `Backup: ${b.path}`,
    ...facts.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`),
    `Recover on: ${plan.recoveryNode.name} (${plan.recoveryNode.ip}); control planes: ${plan.controlPlanes.map((n) => `${n.name} ${n.ip}`).join(', ')}`,
  ];
  if (plan.warnings.length) out.push('', ...plan.warnings.map((w) => `! ${w}`));
  for (const s of plan.steps) {
    out.push('', `${String(s.n).padStart(2)}. ${s.title}${s.destructive ? '   [DESTRUCTIVE]' : ''}`);
    out.push(...s.commands.map((c) => `      $ ${c}`));
    if (s.expect) out.push(`      expect: ${s.expect}`);
    out.push(...s.notes.map((n) => `      - ${n}`));
  }
  return `${out.join('\n')}\n`;
}
