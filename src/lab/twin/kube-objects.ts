/**
 * Pure builders of the Kubernetes objects a cluster's API server shows for the twin: core Nodes,
 * Namespaces, LoadBalancer Services, and Cilium 1.18 v2 BGP + LB-IPAM objects shaped like the
 * samples in test/fixtures/network (network.md §1.3, §1.4, §3).
 */
import type { KubeObject, ResourceType } from '../kube-api/types.js';
import { buildCiliumObjects } from './kube-cilium.js';
import { ipToNumber } from './scenario-schema.js';
import type { LbService, TwinCluster, TwinNode } from './types.js';

export const KUBE_TYPES: ResourceType[] = [
  { group: '', version: 'v1', kind: 'Node', plural: 'nodes', singular: 'node', namespaced: false, shortNames: ['no'], statusSubresource: true },
  { group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', singular: 'namespace', namespaced: false, shortNames: ['ns'], statusSubresource: true },
  { group: '', version: 'v1', kind: 'Service', plural: 'services', singular: 'service', namespaced: true, shortNames: ['svc'], categories: ['all'], statusSubresource: true },
  { group: '', version: 'v1', kind: 'Event', plural: 'events', singular: 'event', namespaced: true, shortNames: ['ev'] },
  { group: 'cilium.io', version: 'v2', kind: 'CiliumBGPClusterConfig', plural: 'ciliumbgpclusterconfigs', singular: 'ciliumbgpclusterconfig', namespaced: false, shortNames: ['cbgpcluster'], categories: ['cilium', 'ciliumbgp'], statusSubresource: true },
  { group: 'cilium.io', version: 'v2', kind: 'CiliumBGPPeerConfig', plural: 'ciliumbgppeerconfigs', singular: 'ciliumbgppeerconfig', namespaced: false, shortNames: ['cbgppeer'], categories: ['cilium', 'ciliumbgp'], statusSubresource: true },
  { group: 'cilium.io', version: 'v2', kind: 'CiliumBGPAdvertisement', plural: 'ciliumbgpadvertisements', singular: 'ciliumbgpadvertisement', namespaced: false, shortNames: ['cbgpadvert'], categories: ['cilium', 'ciliumbgp'] },
  { group: 'cilium.io', version: 'v2', kind: 'CiliumBGPNodeConfig', plural: 'ciliumbgpnodeconfigs', singular: 'ciliumbgpnodeconfig', namespaced: false, shortNames: ['cbgpnode'], categories: ['cilium', 'ciliumbgp'], statusSubresource: true },
  { group: 'cilium.io', version: 'v2', kind: 'CiliumLoadBalancerIPPool', plural: 'ciliumloadbalancerippools', singular: 'ciliumloadbalancerippool', namespaced: false, shortNames: ['ippools', 'ippool', 'lbippool', 'lbippools'], categories: ['cilium'], statusSubresource: true },
];

/** RFC 3339 with seconds, as the API server prints metav1.Time. */
export const rfc3339 = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function numberToIp(v: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(v / 2 ** s) % 256).join('.');
}

function nodePodCidr(c: TwinCluster, index: number): string {
  const base = ipToNumber(c.podCidr.split('/')[0]!);
  return `${numberToIp(base + index * 256)}/24`;
}

function conditions(n: TwinNode): Record<string, unknown>[] {
  const since = rfc3339(n.kubeReadySince);
  const boot = rfc3339(n.bootTime + 30_000);
  if (n.kubeReady === 'Unknown') {
    // node-lifecycle-controller marks every condition Unknown when the kubelet stops posting
    return ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready'].map((type) => ({
      lastHeartbeatTime: since,
      lastTransitionTime: since,
      message: 'Kubelet stopped posting node status.',
      reason: 'NodeStatusUnknown',
      status: 'Unknown',
      type,
    }));
  }
  const ok = (type: string, reason: string, message: string) => ({ lastHeartbeatTime: boot, lastTransitionTime: boot, message, reason, status: 'False', type });
  const ready =
    n.kubeReady === 'True'
      ? { lastHeartbeatTime: since, lastTransitionTime: since, message: 'kubelet is posting ready status', reason: 'KubeletReady', status: 'True', type: 'Ready' }
      : {
          lastHeartbeatTime: since,
          lastTransitionTime: since,
          message: 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized',
          reason: 'KubeletNotReady',
          status: 'False',
          type: 'Ready',
        };
  return [
    ok('MemoryPressure', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
    ok('DiskPressure', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
    ok('PIDPressure', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    ready,
  ];
}

function taints(n: TwinNode, now: number): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const at = rfc3339(n.kubeReadySince);
  if (n.kubeReady === 'Unknown') {
    out.push({ effect: 'NoSchedule', key: 'node.kubernetes.io/unreachable', timeAdded: at });
    out.push({ effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', timeAdded: at });
  } else if (n.kubeReady === 'False') out.push({ effect: 'NoSchedule', key: 'node.kubernetes.io/not-ready', timeAdded: at });
  if (n.cordoned) out.push({ effect: 'NoSchedule', key: 'node.kubernetes.io/unschedulable', timeAdded: rfc3339(now) });
  return out;
}

export function buildNode(c: TwinCluster, n: TwinNode, index: number, now: number): KubeObject {
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': n.name,
    'kubernetes.io/os': 'linux',
  };
  if (n.role === 'controlplane') labels['node-role.kubernetes.io/control-plane'] = '';
  const t = taints(n, now);
  const cidr = nodePodCidr(c, index);
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: n.name,
      labels,
      annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
      creationTimestamp: rfc3339(n.createdAt),
    },
    spec: { podCIDR: cidr, podCIDRs: [cidr], ...(t.length ? { taints: t } : {}), ...(n.cordoned ? { unschedulable: true } : {}) },
    status: {
      addresses: [
        { address: n.ip, type: 'InternalIP' },
        { address: n.name, type: 'Hostname' },
      ],
      allocatable: { cpu: '15950m', 'ephemeral-storage': '452335434536', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '64913948Ki', pods: '110' },
      capacity: { cpu: '16', 'ephemeral-storage': '491208688Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '65535004Ki', pods: '110' },
      conditions: conditions(n),
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        architecture: 'amd64',
        bootID: n.bootId,
        containerRuntimeVersion: 'containerd://2.1.5',
        kernelVersion: n.kernel,
        kubeProxyVersion: '',
        kubeletVersion: n.kubeletVersion,
        machineID: n.machineId,
        operatingSystem: 'linux',
        osImage: `Talos (${n.talosVersion})`,
        systemUUID: n.machineId.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5'),
      },
    },
  };
}

const PORT_NAMES: Record<number, string> = { 80: 'http', 443: 'https' };

export function buildService(c: TwinCluster, s: LbService, index: number, now: number): KubeObject {
  const clusterIP = numberToIp(ipToNumber(c.serviceCidr.split('/')[0]!) + 4096 + index * 37);
  const satisfied = rfc3339(c.createdAt + 600_000 + index * 60_000);
  void now;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: s.name,
      namespace: s.namespace,
      labels: { 'app.kubernetes.io/name': s.name },
      annotations: { 'lbipam.cilium.io/ips': s.ip },
      creationTimestamp: satisfied,
    },
    spec: {
      allocateLoadBalancerNodePorts: true,
      clusterIP,
      clusterIPs: [clusterIP],
      externalTrafficPolicy: 'Cluster',
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ports: s.ports.map((port, i) => ({
        name: PORT_NAMES[port] ?? `tcp-${port}`,
        nodePort: 30000 + ((index * 7 + i * 13 + port) % 2767),
        port,
        protocol: 'TCP',
        targetPort: port,
      })),
      selector: { 'app.kubernetes.io/name': s.name },
      sessionAffinity: 'None',
      type: 'LoadBalancer',
    },
    status: {
      conditions: [{ lastTransitionTime: satisfied, message: '', reason: 'satisfied', status: 'True', type: 'cilium.io/IPAMRequestSatisfied' }],
      loadBalancer: { ingress: [{ ip: s.ip, ipMode: 'VIP' }] },
    },
  };
}

export function buildNamespace(name: string, createdAt: number): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: { 'kubernetes.io/metadata.name': name }, creationTimestamp: rfc3339(createdAt) },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

/** Every object the twin owns in one cluster, cluster-scoped configs before the objects owned by them. */
export function buildClusterObjects(c: TwinCluster, now: number, clusterConfigUid = ''): KubeObject[] {
  const namespaces = [...new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease', 'flux-system', ...c.services.map((s) => s.namespace)])];
  return [
    ...namespaces.map((ns) => buildNamespace(ns, c.createdAt)),
    ...c.nodes.map((n, i) => buildNode(c, n, i, now)),
    ...c.services.map((s, i) => buildService(c, s, i, now)),
    ...buildCiliumObjects(c, clusterConfigUid),
  ];
}
