/**
 * Which members to defragment, in which order, and whether it is safe now. Defragmentation
 * blocks reads and writes on that member while it rewrites the DB file (Talos etcd-maintenance
 * guide), so: every member must be up (a blocked member plus a dead one can cost quorum), one
 * member at a time, followers before the leader, and never the leader while a follower still
 * needs it. Pure.
 */
import { GateRefused, UserError } from '../errors/index.js';
import type { EtcdLook, EtcdMember } from './model.js';
import { DEFAULT_RULES } from './rules.js';

export interface DefragStep {
  member: EtcdMember;
  isLeader: boolean;
}

const ratio = (m: EtcdMember) => (m.inUse !== undefined && m.dbSize ? m.inUse / m.dbSize : 1);

/** `wanted`: node names or addresses; empty = every member. */
export function planDefrag(look: EtcdLook, wanted: string[], opts: { defragBelow?: number } = {}): DefragStep[] {
  const below = opts.defragBelow ?? DEFAULT_RULES.defragBelow;
  if (look.error) throw new GateRefused(`${look.cluster}: cannot query etcd (${look.error}); nothing defragmented`);
  const unknown = wanted.filter((w) => !look.members.some((m) => m.nodeName === w || m.node === w));
  if (unknown.length) {
    throw new UserError(`${look.cluster}: ${unknown.map((u) => JSON.stringify(u)).join(', ')} is not a control-plane node`, {
      hint: `control-plane nodes: ${look.members.map((m) => m.nodeName).join(', ')}`,
    });
  }
  const down = look.members.filter((m) => !m.reachable);
  if (down.length) {
    throw new GateRefused(`${look.cluster}: etcd on ${down.map((m) => m.nodeName).join(', ')} does not answer; defragmenting another member now could cost quorum`, {
      hint: 'bring every member back first (plat etcd status)',
    });
  }
  if (!look.leaderId) {
    throw new GateRefused(`${look.cluster}: etcd has no agreed leader (${look.leaders.join(', ') || 'none'}); nothing defragmented`);
  }
  const picked = wanted.length ? look.members.filter((m) => wanted.includes(m.nodeName) || wanted.includes(m.node)) : [...look.members];
  const steps = picked.map((member) => ({ member, isLeader: member.memberId === look.leaderId }));
  steps.sort((a, b) => Number(a.isLeader) - Number(b.isLeader) || ratio(a.member) - ratio(b.member));
  const first = steps[0];
  if (first?.isLeader) {
    const waiting = look.members.filter((m) => m.memberId !== look.leaderId && ratio(m) < below);
    if (waiting.length) {
      throw new GateRefused(`${look.cluster}: ${first.member.nodeName} is the etcd leader and ${waiting.map((m) => m.nodeName).join(', ')} still need${waiting.length === 1 ? 's' : ''} a defrag; the leader goes last`, {
        hint: `defragment the followers first: plat etcd defrag --cluster ${look.cluster} ${waiting.map((m) => `--node ${m.nodeName}`).join(' ')}`,
      });
    }
  }
  return steps;
}
