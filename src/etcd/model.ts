/**
 * One look at a cluster's etcd, merged from `talosctl etcd status`, `etcd members`,
 * `etcd alarm list` and `service etcd` on every control-plane node (one talosctl process per call).
 */
import type { EtcdAlarmRow, EtcdMemberRow } from '../talos/index.js';

export interface EtcdServiceState {
  state: string;
  health: string;
  lastHealthMessage?: string;
}

/** The etcd member on one control-plane node, as that node answered. */
export interface EtcdMember {
  /** Address used with `-n`. */
  node: string;
  /** Node name from plat.yaml. */
  nodeName: string;
  /** Status answered: the member is up and serving. */
  reachable: boolean;
  /** Why it did not answer (short, from talosctl). */
  error?: string;
  memberId?: string;
  /** As the member list names it. */
  hostname?: string;
  /** Bytes (go-humanize SI, so rounded as printed). */
  dbSize?: number;
  inUse?: number;
  inUsePercent?: number;
  /** The leader id this member reports ('0000000000000000' = none). */
  leaderId?: string;
  raftIndex?: number;
  raftTerm?: number;
  raftAppliedIndex?: number;
  learner?: boolean;
  /** etcd version and storage version (Talos ≥ v1.11 only). */
  protocol?: string;
  storage?: string;
  /** The ERRORS column (active alarms in proto text form, other errors). */
  errors: string[];
  /** Alarm names raised for this member id (`NOSPACE`, `CORRUPT`). */
  alarms: string[];
  service?: EtcdServiceState;
}

export interface EtcdLook {
  cluster: string;
  at: number;
  /** The control-plane nodes of plat.yaml, each asked once. */
  members: EtcdMember[];
  /** Membership as the first answering member lists it (talosctl prints each node's own view). */
  memberList: EtcdMemberRow[];
  /** Nodes whose member list differs from the first one. */
  memberListDisagree: string[];
  alarms: EtcdAlarmRow[];
  /** Distinct non-zero leader ids reported by reachable members. */
  leaders: string[];
  /** When every reachable member agrees on one leader. */
  leaderId?: string;
  /** The whole `etcd status` call failed (endpoint down, bad talosconfig): nothing else is known. */
  error?: string;
  /** talosctl warnings and partial failures of the secondary calls. */
  warnings: string[];
  /** etcd revision when known (from the newest snapshot's `snapshot info:` line). */
  revision?: number;
}

export const NO_LEADER = '0000000000000000';

/** The member a node runs, by id (status rows name members by id; the member list by hostname). */
export function memberById(look: EtcdLook, id: string): EtcdMember | undefined {
  return look.members.find((m) => m.memberId === id);
}

export function leaderMember(look: EtcdLook): EtcdMember | undefined {
  return look.leaderId ? memberById(look, look.leaderId) : undefined;
}
