/**
 * BGP rules (pure) over both views of every session. A real session is Established on both ends
 * or on neither; one-sided means stale status (Cilium writes it every 5 s, crd_status.go) or the
 * two ends do not talk about the same session (wrong node IP, another router on that address).
 */
import type { Finding, Severity } from '../../fleet/model.js';
import type { BgpSession } from '../router/model.js';
import type { BgpPair, BgpReport, ClusterBgpSide } from './model.js';
import { sinceText } from './since.js';
import { clusterSideFindings, routerSideFindings } from './source-rules.js';

export interface BgpRuleInput {
  report: BgpReport;
  now: number;
  /** LoadBalancer IPs per cluster, when known: nodes of such a cluster should announce routes. */
  lbIps?: Record<string, number>;
}

export function bgpFindings({ report, now, lbIps = {} }: BgpRuleInput): Finding[] {
  const out: Finding[] = [];
  for (const c of report.clusters) out.push(...clusterSideFindings(c));
  if (report.router) out.push(...routerSideFindings(report.router, report.unmatchedRouterSessions, now));
  for (const p of report.pairs) {
    const side = report.clusters.find((c) => c.cluster === p.cluster);
    out.push(...pairFindings(p, side, report, now, lbIps[p.cluster] ?? 0));
  }
  return out;
}

const ciliumState = (s: BgpSession): string => (s.stateDetail ?? s.state).replace(/^./, (ch) => ch.toLowerCase());
function routerState(s: BgpSession, now: number): string {
  const since = s.state === 'Established' ? s.establishedSinceMs : s.downSinceMs;
  return `${s.stateDetail ?? s.state}${since !== undefined ? ` ${sinceText(since, now)}` : ''}`;
}

function pairFindings(p: BgpPair, side: ClusterBgpSide | undefined, report: BgpReport, now: number, lbIps: number): Finding[] {
  const subject = `BGP ${p.node} ↔ ${p.peerAddress}`;
  const f = (rule: string, severity: Severity, what: string, why: string, action: string): Finding => ({ rule: `bgp.${rule}`, severity, cluster: p.cluster, subject, what, why, action });
  const out: Finding[] = [];
  const c = p.cilium?.session;
  const r = p.router;
  const ciliumRead = !!side?.cilium;
  const legacy = (side?.cilium?.intent.legacyPolicies.length ?? 0) > 0;
  const routerRead = p.routerKnown && !!report.router?.sessions;
  const nodeAddr = p.nodeIp ?? p.node;
  const agentHint = `cilium-dbg bgp peers in the cilium agent on ${p.node}`;

  if (c && c.state !== 'Established' && (!r || r.state !== 'Established')) {
    const views = [`Cilium: ${ciliumState(c)}`, r ? `router: ${routerState(r, now)}` : routerRead ? 'router: no neighbor' : undefined].filter(Boolean).join('; ');
    out.push(f('down', 'critical', `${subject} not established`, views, `check that the router has neighbor ${nodeAddr} with remote-as ${c.localAs || '?'} and that TCP 179 is open between them; ${agentHint}`));
  } else if (!c && r && r.state !== 'Established') {
    out.push(f('down', 'critical', `${subject} not established`, `router: ${routerState(r, now)}${ciliumRead ? '' : '; Cilium side not read'}`, `check the node's Cilium BGP config and the router's neighbor ${nodeAddr}`));
  }
  if (c && r && (c.state === 'Established') !== (r.state === 'Established')) {
    const [up, down] = c.state === 'Established' ? ['Cilium', 'the router'] : ['the router', 'Cilium'];
    out.push(
      f('one-sided', 'warning', `${subject} established on one side only`, `${up} says Established, ${down} says ${c.state === 'Established' ? routerState(r, now) : ciliumState(c)}`,
        `if it lasts beyond a few seconds (Cilium rewrites its status every 5 s), check that the router's neighbor ${nodeAddr} is this node and that no other router answers on ${p.peerAddress}`),
    );
  }
  if (c && !r && routerRead) {
    out.push(f('router-no-neighbor', 'warning', `router ${report.router!.target} has no neighbor ${nodeAddr} (${p.node})`, `Cilium on ${p.node} peers with ${p.peerAddress} (${ciliumState(c)}) but the router lists no such neighbor`, `add neighbor ${nodeAddr} remote-as ${c.localAs || side?.localAsn || '?'} on the router`));
  }
  if (!c && ciliumRead && !legacy) {
    const nodeCfg = side?.cilium?.nodes.find((n) => n.node === p.node);
    const why = !nodeCfg ? `no CiliumBGPNodeConfig named ${p.node}: no CiliumBGPClusterConfig selects the node` : nodeCfg.statusMissing ? `CiliumBGPNodeConfig ${p.node} has no status (status reporting off?)` : `CiliumBGPNodeConfig ${p.node} has no peer ${p.peerAddress}`;
    if (!nodeCfg?.statusMissing) {
      out.push(f('cilium-no-peer', 'warning', `Cilium on ${p.node} has no session to ${p.peerAddress}`, why, `check the CiliumBGPClusterConfig nodeSelector and its peers (plat.yaml expects ${p.peerAddress})`));
    }
  }
  if (c && r && c.state === 'Established' && r.state === 'Established') out.push(...establishedFindings(p, c, r, side, lbIps, f));
  if (p.cilium?.advertisedIgnored) {
    out.push(f('advertised-ignored', 'info', `${subject}: Cilium counts ${p.cilium.advertisedIgnored} advertised route${p.cilium.advertisedIgnored === 1 ? '' : 's'} while ${ciliumState(c!)}`, 'Cilium 1.18.0 reports advertised routes on sessions that are not established (cilium/cilium#39861); plat counts 0', 'nothing to do; fix the session itself'));
  }
  return out;
}

type Make = (rule: string, severity: Severity, what: string, why: string, action: string) => Finding;

function establishedFindings(p: BgpPair, c: BgpSession, r: BgpSession, side: ClusterBgpSide | undefined, lbIps: number, f: Make): Finding[] {
  const out: Finding[] = [];
  const subject = `BGP ${p.node} ↔ ${p.peerAddress}`;
  const nodeAddr = p.nodeIp ?? p.node;
  const advertised = c.prefixesSent ?? 0;
  if (r.prefixesReceived === 0 && (advertised > 0 || lbIps > 0)) {
    const policy = r.stateDetail === 'Policy' ? '; the router drops every update (peerState Policy: bgp ebgp-requires-policy without a route-map)' : '';
    const claim = advertised > 0 ? `Cilium says it advertises ${advertised}` : `${p.cluster} has ${lbIps} LoadBalancer IP${lbIps === 1 ? '' : 's'} but Cilium advertises none`;
    out.push(
      f('zero-routes', 'warning', `${subject}: router received 0 routes from ${p.node}`, `${claim}${policy}`,
        advertised > 0 ? `check the router's inbound policy for ${nodeAddr} (FRR: neighbor ${nodeAddr} route-map … in)` : 'check the CiliumBGPAdvertisement selector and the PeerConfig families advertisements label selector'),
    );
  }
  const intent = side?.cilium?.intent.peerConfigs.find((x) => x.name === p.cilium?.peerConfig);
  if (c.holdTimeSeconds !== undefined && r.holdTimeSeconds !== undefined && c.holdTimeSeconds !== r.holdTimeSeconds) {
    out.push(f('hold-mismatch', 'warning', `${subject}: hold time ${c.holdTimeSeconds} s on Cilium, ${r.holdTimeSeconds} s on the router`, 'both ends of one session must use the same negotiated hold time; one of the views is stale', 'compare cilium-dbg bgp peers on the node with the router\'s show bgp neighbors'));
  } else if (intent && c.holdTimeSeconds !== undefined && c.holdTimeSeconds !== intent.holdTimeSeconds) {
    out.push(
      f('hold-mismatch', 'warning', `${subject}: hold time ${c.holdTimeSeconds} s, CiliumBGPPeerConfig ${intent.name} asks ${intent.holdTimeSeconds} s`,
        `BGP uses the lower of both ends' hold times, so the router is configured with ${c.holdTimeSeconds} s`,
        `make them agree: on FRR neighbor ${nodeAddr} timers ${intent.keepAliveTimeSeconds} ${intent.holdTimeSeconds}, or spec.timers in the PeerConfig`),
    );
  }
  return out;
}
