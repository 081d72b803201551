/**
 * etcd findings from one look (and the previous one, for what must never go backwards). Pure.
 * Thresholds follow the Talos etcd-maintenance guide (backup.md §6.6): default quota 2 GiB,
 * defragment when in-use/DB size < 0.5, one member at a time.
 */
import type { Finding, Severity } from '../fleet/index.js';
import { NO_LEADER, type EtcdLook, type EtcdMember } from './model.js';

export interface EtcdRuleOptions {
  /** etcd --quota-backend-bytes (plat.yaml backup.etcdQuotaBytes). */
  quotaBytes: number;
  /** Warn at this share of the quota, critical at `quotaCritical`. */
  quotaWarn?: number;
  quotaCritical?: number;
  /** Suggest a defrag below this in-use ratio. */
  defragBelow?: number;
  /** Applied-index distance to the most advanced member that counts as lagging. */
  raftLag?: number;
}

export const DEFAULT_RULES = { quotaWarn: 0.8, quotaCritical: 0.95, defragBelow: 0.5, raftLag: 1000 };

const mib = (b: number) => `${(b / 1024 ** 2).toFixed(b < 10 * 1024 ** 2 ? 1 : 0)} MiB`;
const who = (m: EtcdMember) => `${m.nodeName} (${m.node})`;

export function etcdFindings(look: EtcdLook, prev: EtcdLook | undefined, options: EtcdRuleOptions): Finding[] {
  const o = { ...DEFAULT_RULES, ...options };
  const out: Finding[] = [];
  const add = (rule: string, severity: Severity, subject: string, what: string, why: string, action: string) =>
    out.push({ rule, severity, cluster: look.cluster, subject, what, why, action });
  if (look.error) {
    add('etcd.unreachable', 'critical', 'etcd', `cannot query etcd of ${look.cluster}`, look.error, 'check the Talos API of the control-plane nodes: talosctl etcd status');
    return out;
  }
  const up = look.members.filter((m) => m.reachable);
  // learners do not vote, so they count neither for the quorum nor towards it
  const voters = look.memberList.length ? look.memberList.filter((r) => !r.learner).length : look.members.length;
  const quorum = Math.floor(voters / 2) + 1;
  const upVoters = up.filter((m) => !m.learner).length;
  for (const m of look.members.filter((x) => !x.reachable)) {
    const svc = m.service ? `; service etcd is ${m.service.state}${m.service.health !== '?' ? `/${m.service.health}` : ''}` : '';
    add('etcd.member-down', upVoters < quorum ? 'critical' : 'warning', m.nodeName, `etcd on ${who(m)} does not answer`, `${m.error ?? 'no status'}${svc}`,
      upVoters < quorum ? `quorum is lost (${upVoters} of ${quorum} voting members answer): restore a member before anything else` : `check talosctl -n ${m.node} service etcd and its logs`);
  }
  if (up.length > 0 && look.leaders.length === 0) {
    add('etcd.no-leader', 'critical', 'etcd', `etcd of ${look.cluster} has no leader`, `every answering member reports leader ${NO_LEADER}`, 'writes fail without a leader: check the members and their network');
  }
  if (look.leaders.length > 1) {
    add('etcd.leaders-disagree', 'critical', 'etcd', `members disagree on the etcd leader`, `leaders reported: ${look.leaders.join(', ')}`, 'a split or an election in progress: look again; if it persists check the peer network');
  }
  const maxApplied = Math.max(...up.map((m) => m.raftAppliedIndex ?? 0));
  for (const m of up) {
    const lag = maxApplied - (m.raftAppliedIndex ?? maxApplied);
    if (lag > o.raftLag) add('etcd.raft-lag', 'warning', m.nodeName, `etcd on ${m.nodeName} is ${lag} raft entries behind`, `applied index ${m.raftAppliedIndex} vs ${maxApplied}`, 'a slow disk or network on that node; do not snapshot from it');
    if (m.learner) add('etcd.learner', 'warning', m.nodeName, `etcd on ${m.nodeName} is a learner`, 'a learner does not vote; a member stuck as learner leaves the cluster one vote short', `check talosctl -n ${m.node} etcd members and the etcd logs`);
    for (const f of sizeFindings(m, o)) add(f.rule, f.severity, m.nodeName, f.what, f.why, f.action);
  }
  const alarmed = new Map<string, string[]>();
  for (const a of look.alarms) alarmed.set(a.alarm, [...(alarmed.get(a.alarm) ?? []), a.memberId]);
  for (const m of up) for (const e of m.errors) {
    const name = /alarm:\s*(\w+)/.exec(e)?.[1] ?? e;
    if (!alarmed.has(name)) alarmed.set(name, [m.memberId ?? m.node]);
  }
  for (const [alarm, ids] of alarmed) {
    add('etcd.alarm', 'critical', 'etcd', `etcd alarm ${alarm} on ${ids.length} member${ids.length === 1 ? '' : 's'}`, `members ${ids.join(', ')}`,
      alarm === 'NOSPACE' ? 'the database hit its quota and refuses writes: compact, defragment (plat etcd defrag), then talosctl etcd alarm disarm' : 'do not snapshot or restart members: check the etcd logs and restore from a verified backup if data is corrupt');
  }
  const cps = look.members.length;
  if (look.memberList.length && look.memberList.length !== cps) {
    add('etcd.member-count', 'warning', 'etcd', `${look.memberList.length} etcd members for ${cps} control-plane nodes`, `members: ${look.memberList.map((r) => r.hostname || r.id).join(', ')}`,
      'a member left behind by a replaced node, or a node that never joined: compare talosctl etcd members with plat.yaml');
  }
  if (look.memberListDisagree.length) {
    add('etcd.member-list-disagrees', 'warning', 'etcd', 'members disagree on the member list', `nodes ${look.memberListDisagree.join(', ')} list other members`, 'look again after a minute; if it persists a membership change is stuck');
  }
  if (prev && !prev.error) out.push(...backwardsFindings(look, prev));
  return out;
}

function sizeFindings(m: EtcdMember, o: typeof DEFAULT_RULES & EtcdRuleOptions): Omit<Finding, 'cluster' | 'subject'>[] {
  const out: Omit<Finding, 'cluster' | 'subject'>[] = [];
  if (m.dbSize === undefined) return out;
  const share = m.dbSize / o.quotaBytes;
  if (share >= o.quotaWarn) {
    out.push({ rule: 'etcd.db-near-quota', severity: share >= o.quotaCritical ? 'critical' : 'warning', what: `etcd DB on ${m.nodeName} is ${Math.round(share * 100)}% of its quota`,
      why: `${mib(m.dbSize)} of ${mib(o.quotaBytes)}; at the quota etcd raises NOSPACE and refuses writes`, action: `defragment (plat etcd defrag --node ${m.nodeName}) and look for what grows` });
  }
  const ratio = m.inUse !== undefined && m.dbSize > 0 ? m.inUse / m.dbSize : 1;
  if (ratio < o.defragBelow) {
    out.push({ rule: 'etcd.defrag-suggested', severity: share >= 0.25 ? 'warning' : 'info', what: `etcd on ${m.nodeName} uses ${Math.round(ratio * 100)}% of its DB file`,
      why: `${mib(m.inUse ?? 0)} in use of ${mib(m.dbSize)}; free pages also inflate every snapshot`, action: `plat etcd defrag --node ${m.nodeName} (one member at a time, leader last)` });
  }
  return out;
}

/** Revision and raft indexes only grow; going back means a restore, a replaced member or a stale view. */
function backwardsFindings(look: EtcdLook, prev: EtcdLook): Finding[] {
  const out: Finding[] = [];
  if (look.revision !== undefined && prev.revision !== undefined && look.revision < prev.revision) {
    out.push({ rule: 'etcd.revision-went-down', severity: 'critical', cluster: look.cluster, subject: 'etcd', what: `etcd revision went down from ${prev.revision} to ${look.revision}`,
      why: 'revisions only grow; a lower one means the data was restored or the snapshot came from a stale member', action: 'check which member was read and whether a restore happened; Kubernetes watchers may need a restart' });
  }
  for (const m of look.members) {
    const before = prev.members.find((p) => p.memberId !== undefined && p.memberId === m.memberId);
    if (m.raftIndex === undefined || before?.raftIndex === undefined || m.raftIndex >= before.raftIndex) continue;
    out.push({ rule: 'etcd.revision-went-down', severity: 'critical', cluster: look.cluster, subject: m.nodeName, what: `raft index of ${m.nodeName} went down from ${before.raftIndex} to ${m.raftIndex}`,
      why: 'the same member id with an older log: its data was replaced', action: 'check what happened to this member before trusting it or snapshotting it' });
  }
  return out;
}
