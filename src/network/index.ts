/**
 * The network room: bond health (LinkStatus + /proc/net/bonding), BGP from both ends (Cilium's
 * CiliumBGPNodeConfig status and the router over SSH), and LB pools. Pure parsers and rules, the
 * adapters that read them, and the reports the `plat net …` commands and the dashboard print.
 */
// Router side of BGP
export { BGP_FSM_STATES, type BgpFsmState, type BgpSession, type RouterFlavor } from './router/model.js';
export { FRR_SUMMARY_COMMAND, parseFrrBgpSummary } from './router/frr-summary.js';
export { frrNeighborCommand, parseFrrBgpNeighbor } from './router/frr-neighbor.js';
export { GOBGP_NEIGHBORS_COMMAND, parseGobgpNeighbors } from './router/gobgp-neighbors.js';
export { ROUTER_COMMANDS, RouterCommandFailed, routerSessions } from './router/router-sessions.js';
export { RouterSource, type RouterRead, type RouterSourceOptions } from './router/router-source.js';

// Bonds
export type { BondAggregatorInfo, BondLinks, BondMasterSettings, BondMode, BondProcfs, BondSlaveProcfs, ChurnState, LacpPdu, LinkInfo, MiiStatus, NodeBond, BondLook } from './bond/model.js';
export { bondLook } from './bond/model.js';
export { parseBondProcfs, bondProcfsPath } from './bond/procfs.js';
export { bondLinks } from './bond/links.js';
export { bondSummary, type BondSummary, type BondSlaveSummary } from './bond/summary.js';
export { bondFindings, type BondRuleInput } from './bond/rules.js';
export { talosHasLacpActiveBug } from './bond/lacp-active.js';
export { LACP_STATE, lacpStateFlags, lacpInService, type LacpStateFlag } from './bond/lacp-state.js';
export { readClusterBonds, type ClusterBondsOptions } from './bond/bond-source.js';
export { loadBondLooks, saveBondLooks, lookKey } from './bond/bond-history.js';

// Cilium side: BGP status and intent, LB-IPAM
export type {
  BgpAdvertisementIntent, BgpClusterConfigIntent, BgpIntent, BgpPeerConfigIntent, CiliumBgpPeer, CiliumNodeBgp, IpBlock, LbPool, LbService, LegacyPeeringPolicy, RouteCount,
} from './cilium/model.js';
export { parseBgpNodeConfig } from './cilium/node-config.js';
export { parseClusterConfig, parsePeerConfig, parseAdvertisement, parsePeeringPolicy } from './cilium/intent.js';
export { parseLbPool, parseLbService } from './cilium/pools.js';
export { readClusterBgp, readClusterPools, type ClusterBgpRead, type ClusterPoolsRead } from './cilium/cilium-source.js';

// Both views of BGP
export type { BgpPair, BgpReport, ClusterBgpSide, RouterSide } from './bgp/model.js';
export { pairSessions, routerAddresses } from './bgp/pairs.js';
export { bgpFindings, type BgpRuleInput } from './bgp/rules.js';
export { ROUTER_FINDING_CLUSTER } from './bgp/source-rules.js';
export { shortDuration, sinceText } from './bgp/since.js';

// Pools
export { poolFindings, USAGE_WARNING, type ClusterPools } from './pools/rules.js';
export { blockRange, rangesOverlap, ipv4ToNumber, numberToIpv4, formatRange, type Ipv4Range } from './pools/ip-range.js';

// One look per view, and its rows
export { netSources, type NetSources } from './net-sources.js';
export { collectBonds, collectBgp, collectPools, lbIpCounts, type BondsReport, type BgpView, type PoolsReport, type CollectOptions } from './collect.js';
export { bondRow, bondRows, bgpRow, bgpRows, poolRows, type BondRow, type BgpRow, type PoolRow, type ServiceRow, type Tone } from './rows.js';

// The dashboard's Network screen: one snapshot of all views, and its pure view model
export { collectNetwork, type NetworkSnapshot } from './snapshot.js';
export { networkItems, networkListLines, networkDetailLines, itemLines, itemHeight, type NetworkNodeItem, type NetLine, type NetSegment } from './screen-model.js';
