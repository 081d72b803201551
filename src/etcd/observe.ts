/**
 * The etcd adapter: four talosctl calls in parallel, each with every control-plane node in `-n`.
 * A dead member is an error for that node, not for the cluster; only an `etcd status` that fails
 * as a whole (endpoint down) makes the look an error. A talosconfig problem or a missing
 * talosctl is the user's to fix and is thrown.
 */
import type { ClusterConfig } from '../config/index.js';
import { isPlatError, scrubSecrets } from '../errors/index.js';
import type { EtcdAlarmRow, EtcdMemberRow, EtcdStatusRow, NodeResults, ServiceDetail, TalosClient } from '../talos/index.js';
import { NO_LEADER, type EtcdLook, type EtcdMember } from './model.js';

/** What observeEtcd needs from TalosClient (tests pass the real client pointed at the lab). */
export type EtcdTalos = Pick<TalosClient, 'etcdStatus' | 'etcdMembers' | 'etcdAlarms' | 'service'>;

export interface ObserveOptions {
  now: () => number;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export function controlPlaneNodes(cluster: ClusterConfig): { name: string; ip: string }[] {
  return cluster.nodes.filter((n) => n.role === 'controlplane').map((n) => ({ name: n.name, ip: n.ip }));
}

const reason = (e: unknown) => scrubSecrets((e instanceof Error ? e.message : String(e)).split('\n')[0] ?? 'unknown error');

/** Throw what the user must fix; return the reason for anything about the platform. */
function platformFailure(e: unknown): string {
  if (isPlatError(e) && ['ConfigError', 'UserError', 'Interrupted'].includes(e.name)) throw e;
  return reason(e);
}

async function settle<T>(p: Promise<T>): Promise<{ ok: T } | { failed: string }> {
  try {
    return { ok: await p };
  } catch (e) {
    return { failed: platformFailure(e) };
  }
}

export async function observeEtcd(client: EtcdTalos, cluster: ClusterConfig, opts: ObserveOptions): Promise<EtcdLook> {
  const cps = controlPlaneNodes(cluster);
  const look: EtcdLook = { cluster: cluster.name, at: opts.now(), members: [], memberList: [], memberListDisagree: [], alarms: [], leaders: [], warnings: [] };
  if (cps.length === 0) {
    look.error = 'plat.yaml lists no control-plane node for this cluster';
    return look;
  }
  const ips = cps.map((n) => n.ip);
  const call = { signal: opts.signal, timeoutMs: opts.timeoutMs };
  const [status, members, alarms, service] = await Promise.all([
    settle(client.etcdStatus(ips, call)),
    settle(client.etcdMembers(ips, call)),
    settle(client.etcdAlarms(ips, call)),
    settle(client.service('etcd', ips, call)),
  ]);
  look.at = opts.now();
  if ('failed' in status) {
    look.error = status.failed;
    look.members = cps.map((n) => ({ node: n.ip, nodeName: n.name, reachable: false, error: status.failed, errors: [], alarms: [] }));
    return look;
  }
  look.warnings.push(...status.ok.warnings);
  for (const [what, r] of [['etcd members', members], ['etcd alarm list', alarms], ['service etcd', service]] as const) {
    if ('failed' in r) look.warnings.push(`${what}: ${r.failed}`);
  }
  const memberRows: NodeResults<EtcdMemberRow[]> | undefined = 'ok' in members ? members.ok : undefined;
  const alarmRows: NodeResults<EtcdAlarmRow[]> | undefined = 'ok' in alarms ? alarms.ok : undefined;
  const services: NodeResults<ServiceDetail> | undefined = 'ok' in service ? service.ok : undefined;

  look.memberList = firstMemberList(ips, memberRows);
  const ids = (rows: EtcdMemberRow[]) => rows.map((r) => r.id).sort().join(',');
  for (const ip of ips) {
    const rows = memberRows?.byNode[ip];
    if (rows && look.memberList.length && ids(rows) !== ids(look.memberList)) look.memberListDisagree.push(ip);
  }
  const seen = new Set<string>();
  for (const rows of Object.values(alarmRows?.byNode ?? {})) {
    for (const a of rows) {
      const key = `${a.memberId}/${a.alarm}`;
      if (!seen.has(key)) look.alarms.push(a);
      seen.add(key);
    }
  }

  look.members = cps.map((n) => memberOf(n, status.ok, look, services));
  const leaders = new Set(look.members.filter((m) => m.reachable && m.leaderId && m.leaderId !== NO_LEADER).map((m) => m.leaderId!));
  look.leaders = [...leaders].sort();
  if (look.leaders.length === 1 && look.members.every((m) => !m.reachable || m.leaderId === look.leaders[0])) look.leaderId = look.leaders[0];
  return look;
}

function firstMemberList(ips: string[], rows: NodeResults<EtcdMemberRow[]> | undefined): EtcdMemberRow[] {
  for (const ip of ips) {
    const list = rows?.byNode[ip];
    if (list?.length) return list.map((r) => ({ ...r, node: ip }));
  }
  return [];
}

function memberOf(n: { name: string; ip: string }, status: NodeResults<EtcdStatusRow>, look: EtcdLook, services: NodeResults<ServiceDetail> | undefined): EtcdMember {
  const row = status.byNode[n.ip];
  const svc = services?.byNode[n.ip];
  const m: EtcdMember = { node: n.ip, nodeName: n.name, reachable: !!row, errors: [], alarms: [] };
  if (svc) m.service = { state: svc.state, health: svc.health, ...(svc.lastHealthMessage ? { lastHealthMessage: svc.lastHealthMessage } : {}) };
  if (!row) {
    m.error = status.errors[n.ip] ?? 'no etcd status for this node';
    return m;
  }
  Object.assign(m, {
    memberId: row.memberId,
    dbSize: row.dbSize,
    inUse: row.inUse,
    inUsePercent: row.inUsePercent,
    leaderId: row.leader,
    raftIndex: row.raftIndex,
    raftTerm: row.raftTerm,
    raftAppliedIndex: row.raftAppliedIndex,
    learner: row.learner,
    errors: row.errors,
  });
  if (row.protocol !== undefined) m.protocol = row.protocol;
  if (row.storage !== undefined) m.storage = row.storage;
  const listed = look.memberList.find((r) => r.id === row.memberId);
  if (listed) m.hostname = listed.hostname;
  m.alarms = look.alarms.filter((a) => a.memberId === row.memberId).map((a) => a.alarm);
  return m;
}
