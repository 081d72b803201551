/**
 * Talos' view of a cluster from three talosctl calls with every node in `-n` (never one process
 * per node): `version`, `services`, `get machinestatus`. Uptime: talosctl has no uptime resource
 * and `read /proc/uptime` refuses several nodes, so we use how long machined (started at boot,
 * never restarted) has been in its current state.
 */
import type { ClusterConfig } from '../config/index.js';
import type { NodeResults, TalosClient, TalosResource } from '../talos/index.js';
import type { TalosClusterView, TalosNodeView } from './sources.js';

interface MachineStatusSpec {
  stage?: string;
  status?: { ready?: boolean; unmetConditions?: { name?: string; reason?: string }[] | null };
}

export async function talosClusterView(client: TalosClient, cluster: ClusterConfig, signal: AbortSignal): Promise<TalosClusterView> {
  const nodes = cluster.nodes.map((n) => n.ip);
  const [ver, svc, ms] = await Promise.all([
    client.version(nodes, { signal }),
    client.services(nodes, { signal }),
    client.get('machinestatus', nodes, { signal }),
  ]);
  const view: TalosClusterView = { nodes: {} };
  if (ver.client?.tag) view.clientVersion = ver.client.tag;
  for (const ip of nodes) view.nodes[ip] = nodeView(ip, ver, svc, ms);
  return view;
}

function nodeView(
  ip: string,
  ver: NodeResults<{ tag: string }>,
  svc: NodeResults<{ id: string; state: string; health: string; lastEvent: string; lastChangeSeconds?: number }[]>,
  ms: NodeResults<TalosResource[]>,
): TalosNodeView {
  const error = ver.errors[ip] ?? svc.errors[ip] ?? ms.errors[ip];
  const v: TalosNodeView = {};
  if (error) v.error = error;
  const tag = ver.byNode[ip]?.tag;
  if (tag) v.version = tag;
  const services = svc.byNode[ip];
  if (services) {
    v.services = services.map((s) => ({ id: s.id, state: s.state, health: s.health, lastMessage: s.lastEvent }));
    const machined = services.find((s) => s.id === 'machined');
    if (machined?.lastChangeSeconds !== undefined && machined.lastChangeSeconds >= 0) v.uptimeSeconds = machined.lastChangeSeconds;
  }
  const status = ms.byNode[ip]?.[0]?.spec as MachineStatusSpec | undefined;
  if (status?.stage) v.stage = status.stage;
  if (status?.status) v.unmetConditions = (status.status.unmetConditions ?? []).map((c) => `${c.name ?? '?'}: ${c.reason ?? ''}`.trim());
  return v;
}
