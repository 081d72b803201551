/**
 * Plain-text tables for `plat etcd status|members|alarms`. Sizes are printed the way talosctl
 * prints them (go-humanize SI: `3.6 MB`), so they can be compared with `talosctl etcd status`.
 * PROTOCOL and STORAGE exist only from Talos v1.11; the columns appear when any member has them.
 */
import type { Column } from '../cli/index.js';
import type { EtcdAlarmRow, EtcdMemberRow } from '../talos/index.js';
import type { EtcdLook, EtcdMember } from './model.js';

/** go-humanize `Bytes`: SI units, one decimal below 10, none above. */
export function humanBytes(n: number): string {
  if (n < 10) return `${n} B`;
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  const e = Math.min(Math.floor(Math.log(n) / Math.log(1000)), units.length - 1);
  const v = n / 1000 ** e;
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[e]}`;
}

export interface StatusRow {
  cluster: string;
  member: EtcdMember;
  isLeader: boolean;
}

export function statusRows(looks: readonly EtcdLook[]): StatusRow[] {
  return looks.flatMap((l) => l.members.map((member) => ({ cluster: l.cluster, member, isLeader: !!l.leaderId && member.memberId === l.leaderId })));
}

const dash = '-';

export function statusColumns(rows: readonly StatusRow[]): Column<StatusRow>[] {
  const cols: Column<StatusRow>[] = [
    { header: 'cluster', value: (r) => r.cluster },
    { header: 'node', value: (r) => r.member.nodeName },
    { header: 'member', value: (r) => r.member.memberId ?? dash },
    { header: 'role', value: (r) => (!r.member.reachable ? 'down' : r.member.learner ? 'learner' : r.isLeader ? 'leader' : 'follower') },
    { header: 'db size', value: (r) => (r.member.dbSize !== undefined ? humanBytes(r.member.dbSize) : dash), align: 'right' },
    { header: 'in use', value: (r) => (r.member.inUse !== undefined ? `${humanBytes(r.member.inUse)} (${(r.member.inUsePercent ?? 0).toFixed(2)}%)` : dash), align: 'right' },
    { header: 'raft index', value: (r) => String(r.member.raftIndex ?? dash), align: 'right' },
    { header: 'raft term', value: (r) => String(r.member.raftTerm ?? dash), align: 'right' },
    { header: 'applied', value: (r) => String(r.member.raftAppliedIndex ?? dash), align: 'right' },
  ];
  if (rows.some((r) => r.member.protocol !== undefined)) {
    cols.push({ header: 'protocol', value: (r) => r.member.protocol ?? dash }, { header: 'storage', value: (r) => r.member.storage ?? dash });
  }
  cols.push({ header: 'errors', value: (r) => (r.member.reachable ? [...r.member.alarms, ...r.member.errors.filter((e) => !/alarm:/.test(e))].join(', ') : (r.member.error ?? 'no answer')) });
  return cols;
}

export interface MemberRow extends EtcdMemberRow {
  cluster: string;
  isLeader: boolean;
}

export function memberRows(looks: readonly EtcdLook[]): MemberRow[] {
  return looks.flatMap((l) => l.memberList.map((m) => ({ ...m, cluster: l.cluster, isLeader: m.id === l.leaderId })));
}

export const memberColumns: Column<MemberRow>[] = [
  { header: 'cluster', value: (r) => r.cluster },
  { header: 'id', value: (r) => r.id },
  { header: 'hostname', value: (r) => r.hostname },
  { header: 'leader', value: (r) => (r.isLeader ? 'yes' : '') },
  { header: 'learner', value: (r) => String(r.learner) },
  { header: 'peer urls', value: (r) => r.peerUrls.join(',') },
  { header: 'client urls', value: (r) => r.clientUrls.join(',') },
];

export interface AlarmRow extends EtcdAlarmRow {
  cluster: string;
  nodeName: string;
}

export function alarmRows(looks: readonly EtcdLook[]): AlarmRow[] {
  return looks.flatMap((l) =>
    l.alarms.map((a) => ({ ...a, cluster: l.cluster, nodeName: l.members.find((m) => m.memberId === a.memberId)?.nodeName ?? a.memberId })),
  );
}

export const alarmColumns: Column<AlarmRow>[] = [
  { header: 'cluster', value: (r) => r.cluster },
  { header: 'node', value: (r) => r.nodeName },
  { header: 'member', value: (r) => r.memberId },
  { header: 'alarm', value: (r) => r.alarm },
];
