/**
 * Reboot and shutdown of one node, as events. Gates first (read-only, etcd quorum), then
 * talosctl, then — with wait — follow the node until Kubernetes reports it Ready again.
 */
import { GateRefused, UserError } from '../errors/index.js';
import type { ClusterConfig, NodeConfig, PlatConfig } from '../config/index.js';
import type { Clock } from '../lab/clock.js';
import type { TalosClient } from '../talos/index.js';
import type { KubeCluster } from '../kube/index.js';

export interface NodeActionEvent {
  type: 'progress' | 'done' | 'error';
  message: string;
  at: string;
}

export type NodeActionKind = 'reboot' | 'shutdown';

export function findNode(config: PlatConfig, nameOrIp: string, clusters: ClusterConfig[] = config.clusters): { cluster: ClusterConfig; node: NodeConfig } {
  const hits = clusters.flatMap((c) => c.nodes.filter((n) => n.name === nameOrIp || n.ip === nameOrIp).map((node) => ({ cluster: c, node })));
  if (hits.length === 1) return hits[0]!;
  if (hits.length > 1) throw new UserError(`node ${JSON.stringify(nameOrIp)} exists in several clusters (${hits.map((h) => h.cluster.name).join(', ')})`, { hint: 'add --cluster <name>' });
  const known = clusters.flatMap((c) => c.nodes.map((n) => n.name));
  throw new UserError(`unknown node ${JSON.stringify(nameOrIp)}`, { hint: `nodes in plat.yaml: ${known.join(', ')}` });
}

/**
 * Refuses (GateRefused, exit 5, nothing changed) when the cluster is read-only, or when the node is a
 * control plane and another etcd member is not healthy: taking this one down would cost quorum.
 */
export async function checkNodeActionGates(opts: { kind: NodeActionKind; cluster: ClusterConfig; node: NodeConfig; readOnly: boolean; talos: TalosClient; signal?: AbortSignal }): Promise<void> {
  const { kind, cluster, node } = opts;
  if (opts.readOnly) {
    throw new GateRefused(`refusing to ${kind} ${node.name}: cluster ${cluster.name} is read-only`, { hint: 'drop --readonly, or set readOnly: false for this cluster in plat.yaml' });
  }
  if (node.role !== 'controlplane') return;
  const others = cluster.nodes.filter((n) => n.role === 'controlplane' && n.name !== node.name);
  if (others.length === 0) return;
  const res = await opts.talos.services(others.map((n) => n.ip), opts.signal ? { signal: opts.signal } : {});
  const problems: string[] = [];
  for (const o of others) {
    const err = res.errors[o.ip];
    if (err) {
      problems.push(`${o.name} does not answer (${err})`);
      continue;
    }
    const etcd = (res.byNode[o.ip] ?? []).find((s) => s.id === 'etcd');
    if (!etcd) problems.push(`${o.name} reports no etcd service`);
    else if (etcd.state !== 'Running' || etcd.health !== 'OK') problems.push(`etcd on ${o.name} is ${etcd.state}/${etcd.health}`);
  }
  if (problems.length) {
    throw new GateRefused(`refusing to ${kind} control-plane node ${node.name} in ${cluster.name}: ${problems.join('; ')}`, {
      hint: `taking ${node.name} down now could cost etcd quorum; fix the other member first (plat etcd status --cluster ${cluster.name})`,
    });
  }
}

export async function* runNodeAction(opts: {
  kind: NodeActionKind;
  cluster: ClusterConfig;
  node: NodeConfig;
  talos: TalosClient;
  kube?: () => Promise<KubeCluster>;
  wait: boolean;
  clock: Clock;
  waitTimeoutMs?: number;
  signal?: AbortSignal;
}): AsyncGenerator<NodeActionEvent> {
  const { kind, node, clock } = opts;
  const ev = (type: NodeActionEvent['type'], message: string): NodeActionEvent => ({ type, message, at: new Date(clock.now()).toISOString() });
  yield ev('progress', `${kind} ${node.name} (${node.ip}) in ${opts.cluster.name}`);
  const call = opts.signal ? { signal: opts.signal } : {};
  const lines = kind === 'reboot' ? opts.talos.reboot(node.ip, { ...call, wait: opts.wait }) : opts.talos.shutdown(node.ip, { ...call, wait: opts.wait });
  for await (const l of lines) yield ev('progress', l.message);
  if (kind === 'shutdown' || !opts.wait || !opts.kube) {
    yield ev('done', `${kind} of ${node.name} ${opts.wait ? 'finished' : 'requested'}`);
    return;
  }
  yield ev('progress', `waiting for ${node.name} to be Ready in Kubernetes`);
  const kube = await opts.kube();
  const deadline = clock.now() + (opts.waitTimeoutMs ?? 15 * 60_000);
  let last = '';
  for (;;) {
    const n = (await kube.listNodes()).find((x) => x.name === node.name);
    const state = n ? (n.ready ? 'Ready' : `NotReady${n.readyReason ? ` (${n.readyReason})` : ''}`) : 'not registered';
    if (state !== last) yield ev('progress', `${node.name}: ${state}`);
    last = state;
    if (n?.ready) break;
    if (clock.now() > deadline) {
      yield ev('error', `${node.name} did not come back Ready in time (last: ${state})`);
      return;
    }
    await new Promise<void>((r) => clock.setTimeout(r, 2_000));
  }
  yield ev('done', `${node.name} is back and Ready`);
}
