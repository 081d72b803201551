/**
 * One BGP session as plat understands it, whoever reported it: the router (FRR `vtysh … json`,
 * `gobgp neighbor -j`) or Cilium (CiliumBGPNodeConfig status). Both sides map into this shape so a
 * node's view and the router's view of the same session can be matched by address.
 */

/** RFC 4271 finite state machine states. FRR's `Clearing`/`Deleted` are folded into `Idle`. */
export type BgpFsmState = 'Idle' | 'Connect' | 'Active' | 'OpenSent' | 'OpenConfirm' | 'Established';

export const BGP_FSM_STATES: readonly BgpFsmState[] = [
  'Idle',
  'Connect',
  'Active',
  'OpenSent',
  'OpenConfirm',
  'Established',
];

/** Which BGP daemon the router runs; decides the command plat sends over SSH. */
export type RouterFlavor = 'frr' | 'gobgp';

export interface BgpSession {
  source: 'router' | 'cilium';
  /** The far side as the reporter configured it: a node IP on the router, the router IP on a node. */
  peerAddress: string;
  /** The reporter's own address on the session, when it says (FRR `hostLocal`, gobgp `local_address`). */
  localAddress?: string;
  remoteAs: number;
  localAs: number;
  state: BgpFsmState;
  /**
   * What the raw state said beyond the FSM state, when it matters: `Idle (Admin)`, `Idle (PfxCt)`,
   * `Clearing`, or FRR's peerState `Policy` (Established but every update dropped because of
   * `bgp ebgp-requires-policy` without a route-map).
   */
  stateDetail?: string;
  /** Epoch ms the session came up (set only when Established). */
  establishedSinceMs?: number;
  /** Epoch ms the session went down (set only when not Established and the reporter knows when). */
  downSinceMs?: number;
  /** Prefixes accepted from the peer, summed over address families. */
  prefixesReceived?: number;
  /** Prefixes advertised to the peer, summed over address families. */
  prefixesSent?: number;
  /** Negotiated hold time when Established, else the configured one. */
  holdTimeSeconds?: number;
  keepaliveSeconds?: number;
  description?: string;
  /** Name the peer announced with the BGP hostname capability (Cilium sends the node name). */
  hostname?: string;
  connectionsEstablished?: number;
  connectionsDropped?: number;
}
