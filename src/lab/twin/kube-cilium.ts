/**
 * Cilium 1.18 cilium.io/v2 objects for one cluster: BGP cluster/peer config, advertisement, one
 * CiliumBGPNodeConfig per node with the agent-written status (crd_status.go semantics: lowercase
 * gobgp state, establishedTime only when established, timers 0 when nothing was negotiated,
 * `advertised` kept while down — cilium#39861), and the LB-IPAM pool with its count conditions.
 */
import type { KubeObject } from '../kube-api/types.js';
import { ipToNumber } from './scenario-schema.js';
import type { TwinCluster, TwinNode } from './types.js';

const rfc3339 = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const PEER = 'home-router';

const condition = (type: string, reason: string, status: string, message: string, at: string) => ({
  lastTransitionTime: at,
  message,
  observedGeneration: 1,
  reason,
  status,
  type,
});

/** gobgp FSM names as Cilium writes them into peeringState. */
const PEERING_STATE: Record<string, string> = {
  Idle: 'idle',
  Connect: 'connect',
  Active: 'active',
  OpenSent: 'open_sent',
  OpenConfirm: 'open_confirm',
  Established: 'established',
};

function instanceName(c: TwinCluster): string {
  return `${c.name}-${c.asn}`;
}

function specInstances(c: TwinCluster) {
  return [
    {
      localASN: c.asn,
      name: instanceName(c),
      peers: [{ name: PEER, peerASN: c.peer.asn, peerAddress: c.peer.address, peerConfigRef: { name: PEER } }],
    },
  ];
}

export function buildNodeConfig(c: TwinCluster, n: TwinNode, ownerUid: string): KubeObject {
  const up = n.bgp.state === 'Established';
  return {
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumBGPNodeConfig',
    metadata: {
      name: n.name,
      creationTimestamp: rfc3339(c.createdAt + 61_000),
      ownerReferences: [{ apiVersion: 'cilium.io/v2', controller: true, kind: 'CiliumBGPClusterConfig', name: `bgp-${c.name}`, uid: ownerUid }],
    },
    spec: { bgpInstances: specInstances(c) },
    status: {
      bgpInstances: [
        {
          localASN: c.asn,
          name: instanceName(c),
          peers: [
            {
              ...(up ? { establishedTime: rfc3339(n.bgp.since) } : {}),
              name: PEER,
              peerASN: c.peer.asn,
              peerAddress: c.peer.address,
              peeringState: PEERING_STATE[n.bgp.state] ?? 'unknown',
              routeCount: [{ advertised: n.bgp.advertised, afi: 'ipv4', received: up ? n.bgp.received : 0, safi: 'unicast' }],
              timers: { appliedHoldTimeSeconds: up ? n.bgp.holdTime : 0, appliedKeepaliveSeconds: up ? n.bgp.keepalive : 0 },
            },
          ],
        },
      ],
    },
  };
}

export function buildCiliumObjects(c: TwinCluster, clusterConfigUid: string): KubeObject[] {
  const created = c.createdAt + 60_000;
  const at = rfc3339(created + 1000);
  const total = ipToNumber(c.lbPool.stop) - ipToNumber(c.lbPool.start) + 1;
  const used = c.services.length;
  const poolAt = rfc3339(c.createdAt + 600_000);
  return [
    {
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumBGPClusterConfig',
      metadata: { name: `bgp-${c.name}`, creationTimestamp: rfc3339(created) },
      spec: { bgpInstances: specInstances(c), nodeSelector: { matchLabels: { 'kubernetes.io/os': 'linux' } } },
      status: {
        conditions: [
          condition('cilium.io/ConflictingClusterConfig', 'ConflictingClusterConfigs', 'False', '', at),
          condition('cilium.io/MissingPeerConfigs', 'MissingPeerConfigs', 'False', '', at),
          // the operator always writes this message, only `status` flips (network.md §1.4)
          condition('cilium.io/NoMatchingNode', 'NoMatchingNode', 'False', 'No node matches spec.nodeSelector', at),
        ],
      },
    },
    {
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumBGPPeerConfig',
      metadata: { name: PEER, creationTimestamp: rfc3339(created - 2000) },
      spec: {
        ebgpMultihop: 1,
        families: [{ advertisements: { matchLabels: { advertise: 'bgp' } }, afi: 'ipv4', safi: 'unicast' }],
        gracefulRestart: { enabled: true, restartTimeSeconds: 120 },
        timers: { connectRetryTimeSeconds: 120, holdTimeSeconds: 90, keepAliveTimeSeconds: 30 },
        transport: { peerPort: 179 },
      },
      status: { conditions: [condition('cilium.io/MissingAuthSecret', 'MissingAuthSecret', 'False', '', rfc3339(created - 1000))] },
    },
    {
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumBGPAdvertisement',
      metadata: { name: 'lb-services', labels: { advertise: 'bgp' }, creationTimestamp: rfc3339(created - 2000) },
      spec: {
        advertisements: [
          {
            advertisementType: 'Service',
            // empty selectors select nothing for Service adverts; the docs' NotIn idiom selects all
            selector: { matchExpressions: [{ key: 'somekey', operator: 'NotIn', values: ['never-used-value'] }] },
            service: { addresses: ['LoadBalancerIP'] },
          },
        ],
      },
    },
    ...c.nodes.map((n) => buildNodeConfig(c, n, clusterConfigUid)),
    {
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumLoadBalancerIPPool',
      metadata: { name: c.lbPool.name, creationTimestamp: rfc3339(c.createdAt) },
      spec: { blocks: [{ start: c.lbPool.start, stop: c.lbPool.stop }], disabled: false },
      status: {
        conditions: [
          condition('cilium.io/PoolConflict', 'resolved', 'False', '', rfc3339(c.createdAt)),
          condition('cilium.io/IPsTotal', 'noreason', 'Unknown', String(total), poolAt),
          condition('cilium.io/IPsAvailable', 'noreason', 'Unknown', String(total - used), poolAt),
          condition('cilium.io/IPsUsed', 'noreason', 'Unknown', String(used), poolAt),
        ],
      },
    },
  ];
}
