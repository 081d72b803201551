/**
 * FleetState builders for view tests and demos: the seed platform of DESIGN.md (infra-01..03 at
 * 10.25.11.11-13, apps-01..03 at .14-16), healthy unless told otherwise. Service names and
 * states follow `talosctl services` output (test/fixtures/talos/service-list.txt).
 */
import type { ClusterState, FleetState, NodeState, TalosServiceState } from '../../src/fleet/index.js';

const AT = Date.parse('2026-11-27T12:00:00Z');

export const TALOS_SERVICES = ['apid', 'containerd', 'cri', 'etcd', 'kubelet', 'machined', 'trustd', 'udevd'];

export function services(overrides: Record<string, Partial<TalosServiceState>> = {}): TalosServiceState[] {
  return TALOS_SERVICES.map((id) => ({ id, state: 'Running', health: 'OK', lastMessage: 'Health check successful', ...overrides[id] }));
}

export function sampleNode(cluster: string, name: string, ip: string, over: Partial<NodeState> = {}): NodeState {
  return {
    cluster,
    name,
    ip,
    role: 'controlplane',
    talosReachable: true,
    talosVersion: 'v1.12.6',
    kubeletVersion: 'v1.33.3',
    ready: true,
    cordoned: false,
    conditions: [
      { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory' },
      { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
    ],
    uptimeSeconds: 3 * 86_400 + 4 * 3600 + 120,
    services: services(),
    stage: 'running',
    unmetConditions: [],
    ...over,
  };
}

export function sampleCluster(name: string, id: number, firstIp: number, over: Partial<ClusterState> = {}): ClusterState {
  const nodes = [1, 2, 3].map((i) => sampleNode(name, `${name}-0${i}`, `10.25.11.${firstIp + i - 1}`));
  return {
    name,
    id,
    readOnly: false,
    talos: { state: 'ok', at: AT },
    kube: { state: 'ok', at: AT },
    nodes,
    talosClientVersion: 'v1.12.6',
    kubernetesVersion: 'v1.33.3',
    ...over,
  };
}

export function samplePlatform(over: Partial<FleetState> = {}): FleetState {
  return { at: AT, clusters: [sampleCluster('infra', 1, 11), sampleCluster('apps', 2, 14)], findings: [], ...over };
}

/** Both clusters before any source answered: what the first frame usually sees. */
export function syncingPlatform(): FleetState {
  const syncing = (name: string, id: number): ClusterState => ({
    name,
    id,
    readOnly: false,
    talos: { state: 'syncing' },
    kube: { state: 'syncing' },
    nodes: [],
  });
  return { at: AT, clusters: [syncing('infra', 1), syncing('apps', 2)], findings: [] };
}
