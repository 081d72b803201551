/**
 * Both views of the platform's BGP sessions: each cluster's Cilium status (per node, peer = the
 * router) and the router's own neighbor list (peer = the node IP). A BgpPair is one session seen
 * from both ends, matched by node IP ↔ router neighbor address.
 */
import type { BgpIntent, CiliumBgpPeer, CiliumNodeBgp } from '../cilium/model.js';
import type { BgpSession, RouterFlavor } from '../router/model.js';

export interface ClusterBgpSide {
  cluster: string;
  localAsn?: number;
  /** plat.yaml nodes (name → IP): how a Cilium node is found among the router's neighbors. */
  nodes: Array<{ name: string; ip: string }>;
  /** plat.yaml `bgp.peers`: the sessions every node should have. */
  expectedPeers: Array<{ address: string; asn: number }>;
  /** Undefined when the Kubernetes API could not be read (then `error` says why). */
  cilium?: { nodes: CiliumNodeBgp[]; intent: BgpIntent };
  error?: string;
}

export interface RouterSide {
  /** `host:port` of the SSH target, for messages. */
  target: string;
  flavor: RouterFlavor;
  /** The BGP addresses this router answers on, as nodes peer with it. */
  addresses: string[];
  asn?: number;
  /** Undefined when the router could not be read. */
  sessions?: BgpSession[];
  /** Typed error name (SshHostKeyUnknown, RouterCommandFailed, ParseError…) and message. */
  error?: { kind: string; message: string; hint?: string };
  /** When the sessions were read (epoch ms). */
  at?: number;
}

export interface BgpPair {
  cluster: string;
  node: string;
  /** From plat.yaml; undefined for a Cilium node plat.yaml does not list. */
  nodeIp?: string;
  /** The router's address as the node peers with it. */
  peerAddress: string;
  /** Cilium's view; undefined when Cilium reports no such peer for this node. */
  cilium?: CiliumBgpPeer;
  /** The router's view; undefined when the router has no neighbor for the node (or was not read). */
  router?: BgpSession;
  /** True when `peerAddress` is the router plat reads, so a missing `router` view means something. */
  routerKnown: boolean;
}

export interface BgpReport {
  at: number;
  clusters: ClusterBgpSide[];
  router?: RouterSide;
  pairs: BgpPair[];
  /** Router neighbors that match no node of any selected cluster. */
  unmatchedRouterSessions: BgpSession[];
}
