/**
 * The Cilium adapter: one list call per kind and cluster, all in parallel, over plat's KubeCluster.
 * Cilium 1.18 serves the BGP v2 kinds and CiliumLoadBalancerIPPool as cilium.io/v2 (v2alpha1 still
 * served, deprecated); 1.16/1.17 serve them only as v2alpha1, so a 404 on v2 retries v2alpha1. A
 * kind whose CRD is absent (404 on every version) is an empty list: e.g. no PeeringPolicy CRD.
 */
import type { KubeCluster, KubeResource } from '../../kube/index.js';
import { ADVERTISEMENT_PLURAL, CLUSTER_CONFIG_PLURAL, PEER_CONFIG_PLURAL, PEERING_POLICY_PLURAL, parseAdvertisement, parseClusterConfig, parsePeerConfig, parsePeeringPolicy } from './intent.js';
import type { BgpIntent, CiliumNodeBgp, LbPool, LbService } from './model.js';
import { NODE_CONFIG_PLURAL, parseBgpNodeConfig } from './node-config.js';
import { LB_POOL_PLURAL, parseLbPool, parseLbService } from './pools.js';
import { compareText } from '../../conventions/index.js';

const GROUP = 'cilium.io';

function isNotFound(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 404 && (e as { name?: unknown }).name === 'KubeApiError';
}

async function listCilium(kube: KubeCluster, plural: string, versions: readonly string[]): Promise<KubeResource[]> {
  for (const v of versions) {
    try {
      return (await kube.list(GROUP, v, plural)).items;
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
  return [];
}

const V2 = ['v2', 'v2alpha1'] as const;

export interface ClusterBgpRead {
  nodes: CiliumNodeBgp[];
  intent: BgpIntent;
}

export async function readClusterBgp(kube: KubeCluster, cluster: string): Promise<ClusterBgpRead> {
  const cmd = (plural: string) => `list ${plural} (cluster ${cluster})`;
  const [nodes, clusterConfigs, peerConfigs, adverts, policies] = await Promise.all([
    listCilium(kube, NODE_CONFIG_PLURAL, V2),
    listCilium(kube, CLUSTER_CONFIG_PLURAL, V2),
    listCilium(kube, PEER_CONFIG_PLURAL, V2),
    listCilium(kube, ADVERTISEMENT_PLURAL, V2),
    // BGPv1 exists only as v2alpha1 and is gone in 1.19.
    listCilium(kube, PEERING_POLICY_PLURAL, ['v2alpha1']),
  ]);
  return {
    nodes: nodes.map((o) => parseBgpNodeConfig(o, cluster, cmd(NODE_CONFIG_PLURAL))).sort((a, b) => compareText(a.node, b.node)),
    intent: {
      clusterConfigs: clusterConfigs.map((o) => parseClusterConfig(o, cmd(CLUSTER_CONFIG_PLURAL))),
      peerConfigs: peerConfigs.map((o) => parsePeerConfig(o, cmd(PEER_CONFIG_PLURAL))),
      advertisements: adverts.map((o) => parseAdvertisement(o, cmd(ADVERTISEMENT_PLURAL))),
      legacyPolicies: policies.map((o) => parsePeeringPolicy(o, cmd(PEERING_POLICY_PLURAL))),
    },
  };
}

export interface ClusterPoolsRead {
  pools: LbPool[];
  services: LbService[];
}

export async function readClusterPools(kube: KubeCluster, cluster: string): Promise<ClusterPoolsRead> {
  const [pools, services] = await Promise.all([listCilium(kube, LB_POOL_PLURAL, V2), kube.list('', 'v1', 'services')]);
  return {
    pools: pools.map((o) => parseLbPool(o, cluster, `list ${LB_POOL_PLURAL} (cluster ${cluster})`)),
    services: services.items.flatMap((o) => parseLbService(o, cluster, `list services (cluster ${cluster})`) ?? []),
  };
}
