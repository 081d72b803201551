/**
 * `talosctl etcd status|members|alarm list|alarm disarm|defrag` — text only (talos.md §3, fact 9).
 * Rows follow etcd.go's format strings: member IDs `%016x`, sizes go-humanize SI, IN USE with the
 * ratio, rows in response order. A stopped etcd answers with the error its local client gets.
 */
import type { TwinCluster, TwinNode } from '../twin/index.js';
import { humanizeBytes, tabwrite } from './go-format.js';
import { requireControlPlane, RpcError, singleNode, reachError, endpointError, TalosctlError, unary, versionParts, type Session, type Target } from './session.js';

const NO_LEADER = '0000000000000000';

function etcdNode(s: Session, t: Target, api: string, downError: string): { node: TwinNode; cluster: TwinCluster } {
  const node = t.node!;
  requireControlPlane(node, api);
  if (!s.twin.etcdHealthy(node)) throw new RpcError('Unknown', downError);
  return { node, cluster: s.twin.clusterOf(node) };
}

const leaderId = (c: TwinCluster) => c.nodes.find((n) => n.name === c.etcd.leader)?.etcd?.id ?? NO_LEADER;

function alarmErrors(c: TwinCluster): string[] {
  // etcd's Status fills Errors with each active alarm's proto text form
  return c.nodes.flatMap((n) => (n.etcd?.alarms ?? []).map((a) => `memberID:${BigInt(`0x${n.etcd!.id}`)} alarm:${a} `));
}

export function runEtcdStatus(s: Session): void {
  const withStorage = versionParts(s.clientVersion)[1] >= 11 || versionParts(s.clientVersion)[0] > 1;
  const header = ['NODE', 'MEMBER', 'DB SIZE', 'IN USE', 'LEADER', 'RAFT INDEX', 'RAFT TERM', 'RAFT APPLIED INDEX', 'LEARNER', ...(withStorage ? ['PROTOCOL', 'STORAGE'] : []), 'ERRORS'];
  unary(
    s,
    'error getting status',
    (n) => `error from node ${n}: `,
    (t) => {
      const { node, cluster } = etcdNode(s, t, 'etcd status', 'failed to query etcd status: context deadline exceeded');
      const e = node.etcd!;
      const idx = s.twin.raftIndex(cluster);
      const storage = cluster.etcdVersion.replace(/^(\d+\.\d+)\.\d+$/, '$1.0');
      const ratio = e.dbSize > 0 ? ((e.dbInUse / e.dbSize) * 100).toFixed(2) : '0.00';
      return [t.label, e.id, humanizeBytes(e.dbSize), `${humanizeBytes(e.dbInUse)} (${ratio}%)`, leaderId(cluster), String(idx), String(cluster.etcd.raftTerm), String(idx), String(e.learner), ...(withStorage ? [cluster.etcdVersion, storage] : []), alarmErrors(cluster).join(', ')];
    },
    (ok) => {
      // ≤1.13 prints the header with the first message only; ≥1.14 always
      if (ok.length === 0 && s.legacy) return;
      s.sink.out(tabwrite([header, ...ok.map((r) => r.value)].map((r) => r.join('\t')).join('\n') + '\n'));
    },
  );
}

export function runEtcdMembers(s: Session): void {
  unary(
    s,
    'error getting members',
    (n) => `error from node ${n}: `,
    (t) => {
      const { cluster } = etcdNode(s, t, 'member list', 'context deadline exceeded');
      // the member list is read with WithRequireLeader: no quorum, no answer
      if (!cluster.etcd.leader) throw new RpcError('Unavailable', 'etcdserver: no leader');
      return cluster.nodes
        .filter((n) => n.etcd)
        .sort((a, b) => (a.etcd!.id < b.etcd!.id ? -1 : 1))
        .map((m) => [t.label, m.etcd!.id, m.name, `https://${m.ip}:2380`, `https://${m.ip}:2379`, String(m.etcd!.learner)]);
    },
    (ok) => {
      if (ok.length === 0 && s.legacy) return;
      const rows = [['NODE', 'ID', 'HOSTNAME', 'PEER URLS', 'CLIENT URLS', 'LEARNER'], ...ok.flatMap((r) => r.value)];
      s.sink.out(tabwrite(rows.map((r) => r.join('\t')).join('\n') + '\n'));
    },
  );
}

function alarmTable(s: Session, disarm: boolean): void {
  unary(
    s,
    disarm ? 'error disarming alarms' : 'error getting alarms',
    (n) => `error from node ${n}: `,
    (t) => {
      const { cluster } = etcdNode(s, t, 'etcd alarm list', `failed to ${disarm ? 'disarm' : 'list'} etcd alarms: context deadline exceeded`);
      const rows = cluster.nodes.flatMap((n) => (n.etcd?.alarms ?? []).map((a) => [t.label, n.etcd!.id, a]));
      if (disarm) s.twin.disarmAlarms(cluster);
      return rows;
    },
    (ok) => {
      const rows = ok.flatMap((r) => r.value);
      // the header is printed lazily, with the first alarm: no alarms, no output at all
      if (rows.length) s.sink.out(tabwrite([['NODE', 'MEMBER', 'ALARM'], ...rows].map((r) => r.join('\t')).join('\n') + '\n'));
    },
  );
}

export const runEtcdAlarmList = (s: Session) => alarmTable(s, false);
export const runEtcdAlarmDisarm = (s: Session) => alarmTable(s, true);

export function runEtcdDefrag(s: Session): void {
  const t = singleNode(s, 'etcd defrag');
  const err = endpointError(s) ?? reachError(s.twin, t.label, t.node);
  if (err) throw new TalosctlError(err.message);
  try {
    const { node } = etcdNode(s, t, 'etcd defragment', 'failed to defragment etcd: context deadline exceeded');
    s.twin.defrag(node);
  } catch (e) {
    if (e instanceof RpcError) throw new TalosctlError(e.message);
    throw e;
  }
}

/** Server side of `etcd snapshot`: checks, then the member whose snapshot is streamed. */
export function snapshotSource(s: Session): TwinNode {
  const t = singleNode(s, 'etcd snapshot');
  const err = endpointError(s) ?? reachError(s.twin, t.label, t.node);
  if (err) throw new TalosctlError(`error reading file: ${err.message}`);
  try {
    return etcdNode(s, t, 'etcd snapshot', 'failed reading etcd snapshot: context deadline exceeded').node;
  } catch (e) {
    if (e instanceof RpcError) throw new TalosctlError(`error reading file: ${e.message}`);
    throw e;
  }
}
