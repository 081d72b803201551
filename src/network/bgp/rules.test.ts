import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseClusterConfig, parsePeerConfig, parsePeeringPolicy } from '../cilium/intent.js';
import type { BgpIntent, CiliumNodeBgp } from '../cilium/model.js';
import { parseBgpNodeConfig } from '../cilium/node-config.js';
import { parseFrrBgpSummary } from '../router/frr-summary.js';
import type { BgpSession } from '../router/model.js';
import type { BgpReport, ClusterBgpSide, RouterSide } from './model.js';
import { pairSessions, routerAddresses } from './pairs.js';
import { bgpFindings } from './rules.js';

const text = (name: string) => readFileSync(new URL(`../../../test/fixtures/network/${name}`, import.meta.url), 'utf8');
const yaml = (name: string): any => parse(text(name));
const now = Date.parse('2025-10-14T09:00:00Z');

/** The reconstructed samples use infra-1..3 = .11-.13 and apps-1..3 = .21-.23 (network.md). */
const nodes = {
  infra: [['infra-1', '10.25.11.11'], ['infra-2', '10.25.11.12'], ['infra-3', '10.25.11.13']],
  apps: [['apps-1', '10.25.11.21'], ['apps-2', '10.25.11.22'], ['apps-3', '10.25.11.23']],
} as const;

/** Node configs for every node: the real samples for infra-1 and apps-2, the established one renamed for the rest. */
function nodeConfigs(cluster: 'infra' | 'apps'): CiliumNodeBgp[] {
  return nodes[cluster].map(([name]) => {
    const sample = name === 'apps-2' ? yaml('cilium-bgpnodeconfig.v2.active.yaml') : yaml('cilium-bgpnodeconfig.v2.established.yaml');
    sample.metadata.name = name;
    if (cluster === 'apps') sample.status.bgpInstances[0].localASN = 64513;
    return parseBgpNodeConfig(sample, cluster);
  });
}

function intent(over: Partial<BgpIntent> = {}): BgpIntent {
  return { clusterConfigs: [parseClusterConfig(yaml('cilium-bgpclusterconfig.v2.yaml'))], peerConfigs: [parsePeerConfig(yaml('cilium-bgppeerconfig.v2.yaml'))], advertisements: [], legacyPolicies: [], ...over };
}

function side(cluster: 'infra' | 'apps', over: Partial<ClusterBgpSide> = {}): ClusterBgpSide {
  return {
    cluster,
    localAsn: cluster === 'infra' ? 64512 : 64513,
    nodes: nodes[cluster].map(([name, ip]) => ({ name, ip })),
    expectedPeers: [{ address: '10.25.11.1', asn: 64501 }],
    cilium: { nodes: nodeConfigs(cluster), intent: intent() },
    ...over,
  };
}

function router(sessions?: BgpSession[], over: Partial<RouterSide> = {}): RouterSide {
  return { target: '10.25.11.1:22', flavor: 'frr', addresses: ['10.25.11.1'], asn: 64501, ...(sessions ? { sessions } : {}), ...over };
}
const frrSessions = () => parseFrrBgpSummary(text('frr-show-bgp-summary.json'), { now });

const allIps = [...nodes.infra, ...nodes.apps].map(([, ip]) => ip);
function report(clusters: ClusterBgpSide[], r: RouterSide | undefined, elsewhere: readonly string[] = allIps): BgpReport {
  const { pairs, unmatched } = pairSessions(clusters, r, elsewhere);
  return { at: now, clusters, ...(r ? { router: r } : {}), pairs, unmatchedRouterSessions: unmatched };
}
const brief = (rep: BgpReport, lbIps?: Record<string, number>) => bgpFindings({ report: rep, now, ...(lbIps ? { lbIps } : {}) }).map((f) => `${f.severity} ${f.cluster} ${f.rule}: ${f.what}`);

describe('pairing the two views', () => {
  it('matches each node to the router neighbor with its IP', () => {
    const rep = report([side('infra'), side('apps')], router(frrSessions()));
    expect(rep.pairs.map((p) => [p.node, p.nodeIp, p.cilium?.session.state, p.router?.peerAddress, p.router?.state])).toEqual([
      ['infra-1', '10.25.11.11', 'Established', '10.25.11.11', 'Established'],
      ['infra-2', '10.25.11.12', 'Established', '10.25.11.12', 'Established'],
      ['infra-3', '10.25.11.13', 'Established', '10.25.11.13', 'Established'],
      ['apps-1', '10.25.11.21', 'Established', '10.25.11.21', 'Established'],
      ['apps-2', '10.25.11.22', 'Active', '10.25.11.22', 'Active'],
      ['apps-3', '10.25.11.23', 'Established', '10.25.11.23', 'Established'],
    ]);
    expect(rep.unmatchedRouterSessions).toEqual([]);
  });

  it('falls back to the BGP hostname for a Cilium node plat.yaml does not list', () => {
    const infra = side('infra', { nodes: [{ name: 'infra-1', ip: '10.25.11.11' }] });
    const rep = report([infra], router(frrSessions()), []);
    expect(rep.pairs.find((p) => p.node === 'infra-3')?.router?.peerAddress).toBe('10.25.11.13');
    expect(rep.unmatchedRouterSessions.map((s) => s.peerAddress)).toEqual(['10.25.11.21', '10.25.11.22', '10.25.11.23']);
  });

  it('router addresses: host when it is an IP, plus cluster peers with the router ASN', () => {
    const clusters = [{ bgp: { localASN: 64512, peers: [{ address: '10.25.11.1', asn: 64501 }, { address: '10.25.11.2', asn: 65000 }] } }] as never;
    expect(routerAddresses({ router: { host: 'router.lan', asn: 64501 } as never, clusters })).toEqual(['10.25.11.1']);
    expect(routerAddresses({ router: { host: '10.25.11.1' } as never, clusters })).toEqual(['10.25.11.1', '10.25.11.2']);
  });
});

describe('BGP findings (golden)', () => {
  it('the recorded samples: apps-2 down on both sides, its advertised count set aside', () => {
    const fs = bgpFindings({ report: report([side('infra'), side('apps')], router(frrSessions())), now });
    expect(fs.map((f) => `${f.severity} ${f.rule}: ${f.what}`)).toEqual([
      'critical bgp.down: BGP apps-2 ↔ 10.25.11.1 not established',
      'info bgp.advertised-ignored: BGP apps-2 ↔ 10.25.11.1: Cilium counts 2 advertised routes while active',
    ]);
    expect(fs[0]).toMatchObject({
      cluster: 'apps',
      subject: 'BGP apps-2 ↔ 10.25.11.1',
      why: 'Cilium: active; router: Active',
      action: 'check that the router has neighbor 10.25.11.22 with remote-as 64513 and that TCP 179 is open between them; cilium-dbg bgp peers in the cilium agent on apps-2',
    });
  });

  it('established on one side only, with the router\'s since', () => {
    const sessions = frrSessions();
    const apps3 = sessions.find((s) => s.peerAddress === 'apps-3' || s.peerAddress === '10.25.11.23')!;
    Object.assign(apps3, { state: 'Active', downSinceMs: now - 180_000, establishedSinceMs: undefined });
    const fs = bgpFindings({ report: report([side('apps')], router(sessions)), now }).filter((f) => f.subject === 'BGP apps-3 ↔ 10.25.11.1');
    expect(fs.map((f) => [f.severity, f.rule, f.why])).toEqual([['warning', 'bgp.one-sided', 'Cilium says Established, the router says Active since 08:57 UTC (3m ago)']]);
  });

  it('zero routes received from a node that advertises, and from a cluster with LB IPs but no adverts', () => {
    const sessions = frrSessions();
    sessions.find((s) => s.peerAddress === '10.25.11.11')!.prefixesReceived = 0;
    Object.assign(sessions.find((s) => s.peerAddress === '10.25.11.12')!, { prefixesReceived: 0, stateDetail: 'Policy' });
    const fs = bgpFindings({ report: report([side('infra')], router(sessions)), now });
    expect(fs.map((f) => `${f.rule}: ${f.what} | ${f.why}`)).toEqual([
      'bgp.zero-routes: BGP infra-1 ↔ 10.25.11.1: router received 0 routes from infra-1 | Cilium says it advertises 2',
      'bgp.zero-routes: BGP infra-2 ↔ 10.25.11.1: router received 0 routes from infra-2 | Cilium says it advertises 2; the router drops every update (peerState Policy: bgp ebgp-requires-policy without a route-map)',
    ]);
    const quiet = side('infra');
    for (const n of quiet.cilium!.nodes) for (const p of n.peers) delete p.session.prefixesSent;
    const lb = bgpFindings({ report: report([quiet], router(sessions)), now, lbIps: { infra: 2 } });
    expect(lb.map((f) => f.why)).toEqual(['infra has 2 LoadBalancer IPs but Cilium advertises none', 'infra has 2 LoadBalancer IPs but Cilium advertises none; the router drops every update (peerState Policy: bgp ebgp-requires-policy without a route-map)']);
  });

  it('hold timer: the two views disagree, or the negotiated value is below the PeerConfig', () => {
    const sessions = frrSessions().map((s) => ({ ...s, holdTimeSeconds: 90 }));
    sessions[0]!.holdTimeSeconds = 180;
    const infra = side('infra');
    infra.cilium!.nodes[1]!.peers[0]!.session.holdTimeSeconds = 30;
    sessions[1]!.holdTimeSeconds = 30;
    expect(brief(report([infra], router(sessions)))).toEqual([
      'warning infra bgp.hold-mismatch: BGP infra-1 ↔ 10.25.11.1: hold time 90 s on Cilium, 180 s on the router',
      'warning infra bgp.hold-mismatch: BGP infra-2 ↔ 10.25.11.1: hold time 30 s, CiliumBGPPeerConfig home-router asks 90 s',
    ]);
  });

  it('router has no neighbor for a node; Cilium has no session for a node', () => {
    const sessions = frrSessions().filter((s) => s.peerAddress !== '10.25.11.13');
    const infra = side('infra');
    infra.cilium!.nodes = infra.cilium!.nodes.slice(0, 2);
    expect(brief(report([infra], router(sessions)))).toEqual([
      'warning infra bgp.cilium-no-peer: Cilium on infra-3 has no session to 10.25.11.1',
    ]);
    const all = frrSessions().filter((s) => s.peerAddress !== '10.25.11.12');
    expect(brief(report([side('infra')], router(all)))).toEqual([
      'warning infra bgp.router-no-neighbor: router 10.25.11.1:22 has no neighbor 10.25.11.12 (infra-2)',
    ]);
  });

  it('router unreachable: a finding on the router only; the cluster side is still judged', () => {
    const r = router(undefined, { error: { kind: 'SshUnreachable', message: 'SSH to 10.25.11.1:22: connection refused (nothing listens on that port?)' } });
    expect(brief(report([side('apps')], r))).toEqual([
      'warning router bgp.router-unread: router 10.25.11.1:22: BGP sessions unknown',
      'critical apps bgp.down: BGP apps-2 ↔ 10.25.11.1 not established',
      'info apps bgp.advertised-ignored: BGP apps-2 ↔ 10.25.11.1: Cilium counts 2 advertised routes while active',
    ]);
  });

  it('legacy peering policy: status not available, only the router side judged', () => {
    const legacy = side('infra', { cilium: { nodes: [], intent: intent({ clusterConfigs: [], legacyPolicies: [parsePeeringPolicy(yaml('cilium-bgppeeringpolicy.v2alpha1.yaml'))] }) } });
    const sessions = frrSessions();
    sessions.find((s) => s.peerAddress === '10.25.11.12')!.state = 'Idle';
    expect(brief(report([legacy], router(sessions)))).toEqual([
      'info infra bgp.legacy-policy: infra: BGP set by the legacy CiliumBGPPeeringPolicy bgp-infra: status not available with the legacy policy',
      'critical infra bgp.down: BGP infra-2 ↔ 10.25.11.1 not established',
    ]);
  });

  it('cluster side unreadable, reconcile errors, missing status, stale router neighbors', () => {
    const apps = side('apps', { cilium: undefined, error: 'apps: cannot reach the Kubernetes API server at 127.0.0.1:1 (ECONNREFUSED)' });
    const infra = side('infra');
    infra.cilium!.nodes[0]!.reconcileError = 'infra-64512: failed to add peer';
    infra.cilium!.nodes[1] = { ...infra.cilium!.nodes[1]!, peers: [], statusMissing: true };
    const sessions: BgpSession[] = [...frrSessions(), { source: 'router', peerAddress: '10.25.11.99', remoteAs: 64999, localAs: 64501, state: 'Active', downSinceMs: now - 7_200_000 }];
    expect(brief(report([infra, apps], router(sessions)))).toEqual([
      'warning infra bgp.reconcile-error: infra: Cilium on infra-1 cannot apply its BGP config',
      'warning infra bgp.status-missing: infra: no BGP status from infra-2',
      'warning apps bgp.cilium-unread: apps: Cilium BGP status unknown',
      'info router bgp.router-stale-neighbor: router neighbor 10.25.11.99 (AS 64999) matches no node and is Active since 07:00 UTC (2h0m ago)',
      'critical apps bgp.down: BGP apps-2 ↔ 10.25.11.1 not established',
    ]);
  });
});
