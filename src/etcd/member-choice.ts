/**
 * Which member to snapshot from (backup.md §0.6, §8.1): a snapshot is "the point-in-time state of
 * the selected node", so only a member that is up, votes (no learner), reports no error and is
 * caught up with the others. Followers first — a long read transaction on the leader slows its
 * writes (etcd-io/etcd#17161) — and the leader last, as the fallback. Pure.
 */
import { ActionFailed, GateRefused } from '../errors/index.js';
import type { EtcdLook, EtcdMember } from './model.js';
import { DEFAULT_RULES } from './rules.js';

/** Alarms that make a snapshot pointless or harmful: a full DB refuses writes, a corrupt one lies. */
export const BLOCKING_ALARMS = ['NOSPACE', 'CORRUPT'];

export interface SnapshotCandidates {
  /** In the order to try. */
  order: EtcdMember[];
  /** Members left out, with why. */
  skipped: { member: EtcdMember; reason: string }[];
}

export function activeAlarms(look: EtcdLook): string[] {
  const names = new Set(look.alarms.map((a) => a.alarm));
  for (const m of look.members) for (const e of m.errors) {
    const alarm = /alarm:\s*(\w+)/.exec(e)?.[1];
    if (alarm) names.add(alarm);
  }
  return [...names];
}

/** Throws GateRefused on a NOSPACE/CORRUPT alarm, ActionFailed when no member qualifies. */
export function chooseSnapshotMembers(look: EtcdLook, opts: { raftLag?: number } = {}): SnapshotCandidates {
  if (look.error) throw new ActionFailed(`${look.cluster}: cannot query etcd: ${look.error}`);
  const blocking = activeAlarms(look).filter((a) => BLOCKING_ALARMS.includes(a));
  if (blocking.length) {
    throw new GateRefused(`${look.cluster}: etcd alarm ${blocking.join(', ')} is active; no snapshot taken`, {
      hint: blocking.includes('NOSPACE') ? 'defragment (plat etcd defrag) and disarm the alarm (talosctl etcd alarm disarm), then run the backup again' : 'a CORRUPT alarm means a member diverged: investigate before trusting any new snapshot',
    });
  }
  const lagLimit = opts.raftLag ?? DEFAULT_RULES.raftLag;
  const up = look.members.filter((m) => m.reachable);
  const maxApplied = Math.max(0, ...up.map((m) => m.raftAppliedIndex ?? 0));
  const out: SnapshotCandidates = { order: [], skipped: [] };
  for (const m of look.members) {
    const reason = !m.reachable ? `does not answer (${m.error ?? 'no status'})`
      : m.learner ? 'is a learner'
      : m.errors.length ? `reports ${m.errors.join(', ')}`
      : maxApplied - (m.raftAppliedIndex ?? 0) > lagLimit ? `is ${maxApplied - (m.raftAppliedIndex ?? 0)} raft entries behind`
      : undefined;
    if (reason) out.skipped.push({ member: m, reason });
    else out.order.push(m);
  }
  const isLeader = (m: EtcdMember) => !!look.leaderId && m.memberId === look.leaderId;
  out.order.sort((a, b) => Number(isLeader(a)) - Number(isLeader(b)) || (b.raftAppliedIndex ?? 0) - (a.raftAppliedIndex ?? 0));
  if (out.order.length === 0) {
    throw new ActionFailed(`${look.cluster}: no etcd member fit to snapshot from: ${out.skipped.map((s) => `${s.member.nodeName} ${s.reason}`).join('; ')}`);
  }
  return out;
}
