/**
 * Cilium 1.18 BGP control plane and LB-IPAM as plat reads them from the Kubernetes API
 * (network.md §1, §3): per-node session status from CiliumBGPNodeConfig, intent from
 * CiliumBGPClusterConfig / PeerConfig / Advertisement, the legacy v2alpha1 PeeringPolicy, and
 * CiliumLoadBalancerIPPool + LoadBalancer Services.
 */
import type { BgpSession } from '../router/model.js';

export interface RouteCount {
  afi: string;
  safi: string;
  received?: number;
  advertised?: number;
}

/** One peer of one node, as the node's Cilium agent reports it. */
export interface CiliumBgpPeer {
  cluster: string;
  node: string;
  instance: string;
  /** Peer name from the ClusterConfig (e.g. `home-router`). */
  peerName: string;
  /** From the node config's spec: which CiliumBGPPeerConfig applies (intent for timers). */
  peerConfig?: string;
  session: BgpSession;
  routeCount: RouteCount[];
  /**
   * Routes Cilium counts as advertised while the session is NOT established (cilium/cilium#39861,
   * 1.18.0): not real announcements, so not in `session.prefixesSent`.
   */
  advertisedIgnored?: number;
}

export interface CiliumNodeBgp {
  cluster: string;
  node: string;
  peers: CiliumBgpPeer[];
  /** Message of a True `cilium.io/BGPReconcileError` condition. */
  reconcileError?: string;
  /**
   * No `status.bgpInstances` although the spec has instances: status reporting is off
   * (`bgpControlPlane.statusReport.enabled=false`) or a legacy PeeringPolicy selects the node
   * (BGPv1 mode wins and the v2 status is reset).
   */
  statusMissing: boolean;
}

export interface BgpClusterConfigIntent {
  name: string;
  instances: Array<{ name: string; localAsn?: number; peers: Array<{ name: string; address?: string; asn?: number; peerConfig?: string }> }>;
  /** True conditions, as `type: message`. */
  problems: string[];
}

export interface BgpPeerConfigIntent {
  name: string;
  holdTimeSeconds: number;
  keepAliveTimeSeconds: number;
  families: Array<{ afi: string; safi: string }>;
  problems: string[];
}

export interface BgpAdvertisementIntent {
  name: string;
  labels: Record<string, string>;
  /** advertisementType of each entry: PodCIDR, CiliumPodIPPool, Service. */
  types: string[];
  /** For Service entries: LoadBalancerIP, ClusterIP, ExternalIP. */
  serviceAddresses: string[];
}

/** v2alpha1 CiliumBGPPeeringPolicy (BGPv1): no status at all. */
export interface LegacyPeeringPolicy {
  name: string;
  routers: Array<{ localAsn: number; neighbors: Array<{ address: string; asn: number; holdTimeSeconds?: number }> }>;
}

export interface BgpIntent {
  clusterConfigs: BgpClusterConfigIntent[];
  peerConfigs: BgpPeerConfigIntent[];
  advertisements: BgpAdvertisementIntent[];
  legacyPolicies: LegacyPeeringPolicy[];
}

export type IpBlock = { cidr: string } | { start: string; stop: string };

export interface LbPool {
  cluster: string;
  name: string;
  blocks: IpBlock[];
  disabled: boolean;
  /** Message of a True `cilium.io/PoolConflict` condition. */
  conflict?: string;
  /** From the IPsTotal/IPsAvailable/IPsUsed messages; missing = unknown (cilium#41536), never 0. */
  total?: number;
  available?: number;
  used?: number;
}

export interface LbService {
  cluster: string;
  namespace: string;
  name: string;
  /** status.loadBalancer.ingress[].ip */
  ips: string[];
  /** `lbipam.cilium.io/ips` annotation. */
  requestedIps?: string[];
  /** `cilium.io/IPAMRequestSatisfied` condition, when present. */
  ipam?: { status: string; reason: string; message: string };
}
