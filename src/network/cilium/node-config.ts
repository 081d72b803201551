/**
 * CiliumBGPNodeConfig (cilium.io/v2, name = node name) → one CiliumBgpPeer per peer in
 * `status.bgpInstances[].peers[]`, written by each agent (reconcilerv2/crd_status.go):
 * `peeringState` is gobgp's lowercase FSM name (`open_sent`…), `establishedTime` only while
 * established, timers 0 when nothing was negotiated, and a peer gobgp does not know yet carries
 * only name/address/ASN.
 */
import type { BgpFsmState, BgpSession } from '../router/model.js';
import { conditionSchema, conditionOf, metadataSchema, readObject } from './kube-shape.js';
import type { CiliumBgpPeer, CiliumNodeBgp, RouteCount } from './model.js';
import { arr, int, obj, opt, str, type Infer } from '../shape.js';

export const NODE_CONFIG_PLURAL = 'ciliumbgpnodeconfigs';

const count = int({ min: 0 });
const peerStatus = obj({
  name: str(),
  peerAddress: str(),
  peerASN: opt(count),
  peeringState: opt(str()),
  establishedTime: opt(str()),
  timers: opt(obj({ appliedHoldTimeSeconds: opt(count), appliedKeepaliveSeconds: opt(count) })),
  routeCount: opt(arr(obj({ afi: str(), safi: str(), received: opt(count), advertised: opt(count) }))),
});
const specPeer = obj({ name: str(), peerConfigRef: opt(obj({ name: opt(str()) })) });
const nodeConfig = obj({
  metadata: metadataSchema,
  spec: opt(obj({ bgpInstances: opt(arr(obj({ name: str(), peers: opt(arr(specPeer)) }))) })),
  status: opt(
    obj({
      bgpInstances: opt(arr(obj({ name: str(), localASN: opt(count), peers: opt(arr(peerStatus)) }))),
      conditions: opt(arr(conditionSchema)),
    }),
  ),
});

/** gobgp state names as Cilium writes them (pkg/bgpv1/types/conversions.go). */
const STATES: Record<string, BgpFsmState> = {
  idle: 'Idle',
  connect: 'Connect',
  active: 'Active',
  open_sent: 'OpenSent',
  open_confirm: 'OpenConfirm',
  established: 'Established',
};

export function parseBgpNodeConfig(value: unknown, cluster: string, command = `list ${NODE_CONFIG_PLURAL}`): CiliumNodeBgp {
  const nc = readObject(nodeConfig, value, command);
  const node = nc.metadata.name;
  const refs = new Map<string, string>();
  for (const inst of nc.spec?.bgpInstances ?? []) {
    for (const p of inst.peers ?? []) if (p.peerConfigRef?.name) refs.set(`${inst.name}/${p.name}`, p.peerConfigRef.name);
  }
  const peers: CiliumBgpPeer[] = [];
  for (const inst of nc.status?.bgpInstances ?? []) {
    for (const p of inst.peers ?? []) peers.push(toPeer(cluster, node, inst.name, inst.localASN, p, refs.get(`${inst.name}/${p.name}`)));
  }
  const out: CiliumNodeBgp = {
    cluster,
    node,
    peers,
    statusMissing: (nc.spec?.bgpInstances?.length ?? 0) > 0 && (nc.status?.bgpInstances?.length ?? 0) === 0,
  };
  const err = conditionOf(nc.status?.conditions, 'cilium.io/BGPReconcileError');
  if (err?.status === 'True') out.reconcileError = (err.message ?? '').trim() || 'reconcile error';
  return out;
}

function toPeer(cluster: string, node: string, instance: string, localAsn: number | undefined, p: Infer<typeof peerStatus>, peerConfig: string | undefined): CiliumBgpPeer {
  const raw = p.peeringState;
  const state = raw ? STATES[raw] : undefined;
  const session: BgpSession = {
    source: 'cilium',
    peerAddress: p.peerAddress,
    remoteAs: p.peerASN ?? 0,
    localAs: localAsn ?? 0,
    state: state ?? 'Idle',
  };
  if (!raw) session.stateDetail = 'not known to the agent yet';
  else if (!state) session.stateDetail = raw;
  const up = session.state === 'Established';
  const since = p.establishedTime ? Date.parse(p.establishedTime) : NaN;
  if (up && Number.isFinite(since)) session.establishedSinceMs = since;
  const routeCount: RouteCount[] = (p.routeCount ?? []).map((r) => {
    const rc: RouteCount = { afi: r.afi, safi: r.safi };
    if (r.received !== undefined) rc.received = r.received;
    if (r.advertised !== undefined) rc.advertised = r.advertised;
    return rc;
  });
  const received = sum(routeCount.map((r) => r.received));
  const advertised = sum(routeCount.map((r) => r.advertised));
  if (received !== undefined) session.prefixesReceived = received;
  // cilium#39861: advertised is non-zero on 1.18.0 even while the session is down.
  if (up && advertised !== undefined) session.prefixesSent = advertised;
  const hold = p.timers?.appliedHoldTimeSeconds;
  const keepalive = p.timers?.appliedKeepaliveSeconds;
  if (hold) session.holdTimeSeconds = hold; // 0 = nothing negotiated
  if (keepalive) session.keepaliveSeconds = keepalive;
  session.description = p.name;
  const peer: CiliumBgpPeer = { cluster, node, instance, peerName: p.name, session, routeCount };
  if (peerConfig) peer.peerConfig = peerConfig;
  if (!up && advertised) peer.advertisedIgnored = advertised;
  return peer;
}

function sum(xs: Array<number | undefined>): number | undefined {
  const present = xs.filter((x): x is number => x !== undefined);
  return present.length ? present.reduce((a, b) => a + b, 0) : undefined;
}
