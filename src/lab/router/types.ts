/** Contract between the twin's BGP state and the router stand-in (ssh2 Server answering vtysh/gobgp). */
export type BgpFsmState = 'Idle' | 'Connect' | 'Active' | 'OpenSent' | 'OpenConfirm' | 'Established';

export interface RouterNeighbor {
  /** The node's IP, as configured on the router. */
  peerAddress: string;
  remoteAs: number;
  localAs: number;
  state: BgpFsmState;
  /** Epoch ms of the last state change (uptime when Established, time down otherwise). */
  stateSinceMs: number;
  prefixesReceived: number;
  prefixesSent: number;
  msgRcvd: number;
  msgSent: number;
  /** Negotiated / configured timers in seconds. */
  holdTime: number;
  keepalive: number;
  connectionsEstablished: number;
  connectionsDropped: number;
  description?: string;
  /** Name the peer announces with the BGP hostname capability (Cilium sends the node name). */
  hostname?: string;
}

export interface RouterModel {
  routerId: string;
  localAs: number;
  hostname: string;
  neighbors(): RouterNeighbor[];
  now(): number;
}
