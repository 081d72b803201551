/**
 * The dashboard's etcd screen as a pure view model: per cluster a header (version, leader,
 * member count, alarms), one line per member (role, DB size, in use, applied index, errors),
 * the backup state (newest verified backup and its age, next run, what retention keeps) and
 * the findings. Lines are styled segments shaped like views/segments.ts (`{ text, tone?, bold? }`).
 * Below 100 columns the raft columns go; the node name and the cluster always stay.
 */
import type { Finding } from '../fleet/index.js';
import { humanDuration } from '../time/index.js';
import type { EtcdLook, EtcdMember } from './model.js';
import { humanBytes } from './report.js';

export type EtcdTone = 'ok' | 'warn' | 'error' | 'pending' | 'muted' | 'accent';
export interface EtcdSegment {
  text: string;
  tone?: EtcdTone;
  bold?: boolean;
}
export type EtcdLine = readonly EtcdSegment[];

/** The part of the backup room's state this screen shows (structurally its ClusterBackupStatus + retention). */
export interface EtcdBackupSummary {
  newest?: { takenAt: string; revision?: number; storedBytes: number };
  ageMs?: number;
  stale: boolean;
  staleAfterMs: number;
  nextRun: number;
  count: number;
  retention: { keep: number; remove: number; stale?: string };
  lastRun?: { lastAttemptAt: string; lastSuccessAt?: string; lastError?: string };
  /** The last run failed after the last success (the backup room decides: status.ts). */
  lastRunFailed: boolean;
}

export interface EtcdScreenCluster {
  look: EtcdLook;
  findings: Finding[];
  backup?: EtcdBackupSummary;
  /** Why the backup state could not be read (no backup dir yet is not an error). */
  backupError?: string;
}

export interface EtcdScreenData {
  at: number;
  clusters: EtcdScreenCluster[];
}

const ago = (ms: number) => (ms < 0 ? 'in the future' : humanDuration(ms / 1000));

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

function role(m: EtcdMember, leaderId: string | undefined): EtcdSegment {
  if (!m.reachable) return { text: '✗ down    ', tone: 'error' };
  if (m.learner) return { text: '▲ learner ', tone: 'warn' };
  if (leaderId && m.memberId === leaderId) return { text: '★ leader  ', tone: 'ok' };
  return { text: '✓ follower', tone: 'ok' };
}

function memberLine(m: EtcdMember, leaderId: string | undefined, wide: boolean, nameWidth: number): EtcdLine {
  const segs: EtcdSegment[] = [{ text: '  ' }, { text: pad(m.nodeName, nameWidth), bold: true }, { text: '  ' }, role(m, leaderId)];
  if (!m.reachable) return [...segs, { text: `  ${m.error ?? 'no answer'}`, tone: 'error' }];
  const ratio = m.inUse !== undefined && m.dbSize ? m.inUse / m.dbSize : undefined;
  segs.push({ text: `  ${lpad(m.dbSize !== undefined ? humanBytes(m.dbSize) : '-', 7)}` });
  segs.push({ text: `  ${lpad(ratio !== undefined ? `${Math.round(ratio * 100)}% used` : '-', 8)}`, ...(ratio !== undefined && ratio < 0.5 ? { tone: 'warn' as const } : {}) });
  if (wide) segs.push({ text: `  applied ${lpad(String(m.raftAppliedIndex ?? '-'), 9)}  term ${m.raftTerm ?? '-'}`, tone: 'muted' });
  const trouble = [...m.alarms, ...m.errors.filter((e) => !/alarm:/.test(e))];
  if (trouble.length) segs.push({ text: `  ${trouble.join(', ')}`, tone: 'error' });
  return segs;
}

function backupLine(c: EtcdScreenCluster, now: number): EtcdLine {
  const b = c.backup;
  const head: EtcdSegment = { text: '  backup  ', tone: 'muted' };
  if (c.backupError) return [head, { text: `✗ cannot read the backup state: ${c.backupError}`, tone: 'error' }];
  if (!b) return [head, { text: '… not read yet', tone: 'pending' }];
  const state: EtcdSegment = !b.newest ? { text: '✗ no verified backup', tone: 'error' } : b.stale ? { text: `✗ STALE: newest verified ${ago(b.ageMs ?? 0)} ago`, tone: 'error' } : { text: `✓ newest verified ${ago(b.ageMs ?? 0)} ago`, tone: 'ok' };
  const facts = b.newest ? ` (rev ${b.newest.revision ?? '?'}, ${humanBytes(b.newest.storedBytes)})` : '';
  const keep = b.retention.stale ? 'retention paused (stale)' : `retention keeps ${b.retention.keep}${b.retention.remove ? `, ${b.retention.remove} to prune` : ''}`;
  const failed = b.lastRunFailed ? [{ text: ` · last run failed: ${b.lastRun?.lastError ?? '?'}`, tone: 'error' as const }] : [];
  return [head, state, { text: `${facts} · next run in ${ago(b.nextRun - now)} · ${keep}` }, ...failed];
}

function clusterHeader(l: EtcdLook): EtcdLine {
  const up = l.members.filter((m) => m.reachable).length;
  const leader = l.members.find((m) => l.leaderId && m.memberId === l.leaderId);
  const version = l.members.find((m) => m.protocol)?.protocol;
  const alarms = [...new Set(l.alarms.map((a) => a.alarm))];
  return [
    { text: l.cluster, bold: true, tone: 'accent' },
    ...(version ? [{ text: `  etcd ${version}`, tone: 'muted' as const }] : []),
    { text: '  leader ' },
    leader ? { text: leader.nodeName, tone: 'ok' } : { text: l.leaders.length > 1 ? 'DISAGREE' : 'none', tone: 'error' },
    { text: `  ${up}/${l.members.length} members up`, ...(up < l.members.length ? { tone: 'warn' as const } : {}) },
    alarms.length ? { text: `  alarms: ${alarms.join(', ')}`, tone: 'error' } : { text: '  no alarms', tone: 'muted' },
  ];
}

/** Every line of the screen (the screen windows them to its height). */
export function etcdScreenLines(data: EtcdScreenData | undefined, width: number): EtcdLine[] {
  if (!data) return [[{ text: 'etcd: syncing… (members and backups not read yet)', tone: 'pending' }]];
  const wide = width >= 100;
  const out: EtcdLine[] = [];
  for (const c of data.clusters) {
    if (out.length) out.push([]);
    out.push(clusterHeader(c.look));
    if (c.look.error) out.push([{ text: `  ✗ ${c.look.error}`, tone: 'error' }]);
    else {
      const nameWidth = Math.max(...c.look.members.map((m) => m.nodeName.length));
      for (const m of c.look.members) out.push(memberLine(m, c.look.leaderId, wide, nameWidth));
    }
    out.push(backupLine(c, data.at));
    for (const f of c.findings) {
      const tone = f.severity === 'critical' ? 'error' : f.severity === 'warning' ? 'warn' : 'muted';
      out.push([{ text: `  ${f.severity === 'critical' ? '✗' : f.severity === 'warning' ? '▲' : 'i'} `, tone }, { text: `${f.subject}: ${f.what}`, tone }, { text: ` — ${f.action}`, tone: 'muted' }]);
    }
  }
  return out;
}
