/**
 * What the cluster asks for: CiliumBGPClusterConfig (instances, peers, operator conditions),
 * CiliumBGPPeerConfig (timers with their CRD defaults 90/30 s, families, auth-secret condition),
 * CiliumBGPAdvertisement (no status), and the legacy v2alpha1 CiliumBGPPeeringPolicy, which has
 * no status subresource at all (network.md §1.4).
 */
import { arr, int, obj, opt, str } from '../shape.js';
import { conditionSchema, metadataSchema, readObject, trueConditions } from './kube-shape.js';
import type { BgpAdvertisementIntent, BgpClusterConfigIntent, BgpPeerConfigIntent, LegacyPeeringPolicy } from './model.js';

export const CLUSTER_CONFIG_PLURAL = 'ciliumbgpclusterconfigs';
export const PEER_CONFIG_PLURAL = 'ciliumbgppeerconfigs';
export const ADVERTISEMENT_PLURAL = 'ciliumbgpadvertisements';
export const PEERING_POLICY_PLURAL = 'ciliumbgppeeringpolicies';

const asn = int({ min: 0 });
const statusConditions = opt(obj({ conditions: opt(arr(conditionSchema)) }));

const clusterConfig = obj({
  metadata: metadataSchema,
  spec: obj({
    bgpInstances: arr(
      obj({
        name: str(),
        localASN: opt(asn),
        peers: opt(arr(obj({ name: str(), peerAddress: opt(str()), peerASN: opt(asn), peerConfigRef: opt(obj({ name: opt(str()) })) }))),
      }),
    ),
  }),
  status: statusConditions,
});

export function parseClusterConfig(value: unknown, command = `list ${CLUSTER_CONFIG_PLURAL}`): BgpClusterConfigIntent {
  const c = readObject(clusterConfig, value, command);
  return {
    name: c.metadata.name,
    instances: c.spec.bgpInstances.map((i) => ({
      name: i.name,
      ...(i.localASN !== undefined ? { localAsn: i.localASN } : {}),
      peers: (i.peers ?? []).map((p) => ({
        name: p.name,
        ...(p.peerAddress ? { address: p.peerAddress } : {}),
        ...(p.peerASN ? { asn: p.peerASN } : {}),
        ...(p.peerConfigRef?.name ? { peerConfig: p.peerConfigRef.name } : {}),
      })),
    })),
    // All three conditions are always present; only a True one is a problem (NoMatchingNode keeps its message when False).
    problems: trueConditions(c.status?.conditions, ['cilium.io/ConflictingClusterConfig', 'cilium.io/MissingPeerConfigs', 'cilium.io/NoMatchingNode']),
  };
}

const peerConfig = obj({
  metadata: metadataSchema,
  spec: opt(
    obj({
      timers: opt(obj({ holdTimeSeconds: opt(asn), keepAliveTimeSeconds: opt(asn) })),
      families: opt(arr(obj({ afi: str(), safi: str() }))),
    }),
  ),
  status: statusConditions,
});

export function parsePeerConfig(value: unknown, command = `list ${PEER_CONFIG_PLURAL}`): BgpPeerConfigIntent {
  const p = readObject(peerConfig, value, command);
  return {
    name: p.metadata.name,
    holdTimeSeconds: p.spec?.timers?.holdTimeSeconds ?? 90,
    keepAliveTimeSeconds: p.spec?.timers?.keepAliveTimeSeconds ?? 30,
    // An empty list means the CRD default: ipv6 + ipv4 unicast.
    families: p.spec?.families?.length ? p.spec.families.map((f) => ({ afi: f.afi, safi: f.safi })) : [{ afi: 'ipv6', safi: 'unicast' }, { afi: 'ipv4', safi: 'unicast' }],
    problems: trueConditions(p.status?.conditions, ['cilium.io/MissingAuthSecret']),
  };
}

const advertisement = obj({
  metadata: metadataSchema,
  spec: obj({
    advertisements: arr(obj({ advertisementType: str(), service: opt(obj({ addresses: opt(arr(str())) })) })),
  }),
});

export function parseAdvertisement(value: unknown, command = `list ${ADVERTISEMENT_PLURAL}`): BgpAdvertisementIntent {
  const a = readObject(advertisement, value, command);
  return {
    name: a.metadata.name,
    labels: a.metadata.labels ?? {},
    types: a.spec.advertisements.map((x) => x.advertisementType),
    serviceAddresses: a.spec.advertisements.flatMap((x) => (x.advertisementType === 'Service' ? (x.service?.addresses ?? []) : [])),
  };
}

const peeringPolicy = obj({
  metadata: metadataSchema,
  spec: obj({
    virtualRouters: arr(
      obj({
        localASN: asn,
        neighbors: opt(arr(obj({ peerAddress: str(), peerASN: asn, holdTimeSeconds: opt(asn) }))),
      }),
    ),
  }),
});

export function parsePeeringPolicy(value: unknown, command = `list ${PEERING_POLICY_PLURAL}`): LegacyPeeringPolicy {
  const p = readObject(peeringPolicy, value, command);
  return {
    name: p.metadata.name,
    routers: p.spec.virtualRouters.map((r) => ({
      localAsn: r.localASN,
      neighbors: (r.neighbors ?? []).map((n) => ({
        // BGPv1 writes the neighbor in CIDR form (10.25.11.1/32).
        address: n.peerAddress.replace(/\/(32|128)$/, ''),
        asn: n.peerASN,
        ...(n.holdTimeSeconds !== undefined ? { holdTimeSeconds: n.holdTimeSeconds } : {}),
      })),
    })),
  };
}
