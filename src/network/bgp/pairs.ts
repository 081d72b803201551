/**
 * Match the two views of each session. Cilium names the node and the router's address; the router
 * names the node's address (and, through the BGP hostname capability Cilium's gobgp sends, often
 * the node name too). plat.yaml supplies node name → IP; the hostname is the fallback for a node
 * plat.yaml does not list.
 */
import type { PlatConfig } from '../../config/index.js';
import { isIPv4 } from '../../conventions/index.js';
import type { BgpSession } from '../router/model.js';
import type { BgpPair, ClusterBgpSide, RouterSide } from './model.js';

/**
 * The BGP addresses of the configured router: its SSH host when that is an address, plus every
 * cluster peer with the router's ASN (or every cluster peer when plat.yaml gives no ASN).
 */
export function routerAddresses(config: Pick<PlatConfig, 'router' | 'clusters'>): string[] {
  const r = config.router;
  if (!r) return [];
  const out = new Set<string>();
  if (isIPv4(r.host)) out.add(r.host);
  for (const c of config.clusters) for (const p of c.bgp?.peers ?? []) if (r.asn === undefined || p.asn === r.asn) out.add(p.address);
  return [...out];
}

/**
 * `elsewhere`: addresses of nodes of clusters not selected this time (`--cluster`); their router
 * neighbors are not "unmatched".
 */
export function pairSessions(
  clusters: readonly ClusterBgpSide[],
  router: RouterSide | undefined,
  elsewhere: readonly string[] = [],
): { pairs: BgpPair[]; unmatched: BgpSession[] } {
  const pairs: BgpPair[] = [];
  const used = new Set<BgpSession>();
  const routerSessions = router?.sessions ?? [];
  for (const c of clusters) {
    const ciliumNodes = new Map((c.cilium?.nodes ?? []).map((n) => [n.node, n]));
    const names = [...new Set([...c.nodes.map((n) => n.name), ...ciliumNodes.keys()])];
    for (const name of names) {
      const ip = c.nodes.find((n) => n.name === name)?.ip;
      const peers = ciliumNodes.get(name)?.peers ?? [];
      const addresses = [...new Set([...c.expectedPeers.map((p) => p.address), ...peers.map((p) => p.session.peerAddress)])];
      for (const address of addresses) {
        const routerKnown = !!router && router.addresses.includes(address);
        const pair: BgpPair = { cluster: c.cluster, node: name, peerAddress: address, routerKnown };
        if (ip) pair.nodeIp = ip;
        const cp = peers.find((p) => p.session.peerAddress === address);
        if (cp) pair.cilium = cp;
        if (routerKnown) {
          const byIp = ip ? routerSessions.find((s) => s.peerAddress === ip && !used.has(s)) : undefined;
          const r = byIp ?? (ip ? undefined : routerSessions.find((s) => s.hostname === name && !used.has(s)));
          if (r) {
            pair.router = r;
            used.add(r);
          }
        }
        pairs.push(pair);
      }
    }
  }
  return { pairs, unmatched: routerSessions.filter((s) => !used.has(s) && !elsewhere.includes(s.peerAddress)) };
}
