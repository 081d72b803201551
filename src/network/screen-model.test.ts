import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { BgpReport } from './bgp/model.js';
import { pairSessions } from './bgp/pairs.js';
import { bgpFindings } from './bgp/rules.js';
import type { NodeBond } from './bond/model.js';
import { parseBondProcfs } from './bond/procfs.js';
import { bondFindings } from './bond/rules.js';
import { parseBgpNodeConfig } from './cilium/node-config.js';
import { parseLbPool } from './cilium/pools.js';
import { parseFrrBgpSummary } from './router/frr-summary.js';
import { itemHeight, networkDetailLines, networkItems, networkListLines, type NetLine } from './screen-model.js';
import type { NetworkSnapshot } from './snapshot.js';

const text = (name: string) => readFileSync(new URL(`../../test/fixtures/network/${name}`, import.meta.url), 'utf8');
const at = Date.parse('2025-10-14T09:00:00Z');
const plain = (lines: readonly NetLine[]) => lines.map((l) => l.map((s) => s.text).join('').trimEnd());

/** infra-1 healthy and Established; apps-2 with a slave down and its session Active (the samples). */
function sampleSnapshot(): NetworkSnapshot {
  const bond = (cluster: string, node: string, address: string, file: string): NodeBond => ({ cluster, node, address, bondName: 'bond0', at, procfs: parseBondProcfs(text(file)), errors: {} });
  const nodes = [bond('infra', 'infra-1', '10.25.11.11', 'proc-net-bonding-bond0.talos.healthy.txt'), bond('apps', 'apps-2', '10.25.11.22', 'proc-net-bonding-bond0.talos.slave-down.txt')];
  const expect = { name: 'bond0', mode: '802.3ad', xmitHashPolicy: 'layer3+4', lacpRate: 'fast', miimon: 100, mtu: 9000, slaves: 2 } as const;
  const bondF = nodes.flatMap((nb) => bondFindings({ current: nb, expect: { ...expect } }));
  const intent = { clusterConfigs: [], peerConfigs: [], advertisements: [], legacyPolicies: [] };
  const sides = [
    { cluster: 'infra', nodes: [{ name: 'infra-1', ip: '10.25.11.11' }], expectedPeers: [{ address: '10.25.11.1', asn: 64501 }], cilium: { nodes: [parseBgpNodeConfig(parse(text('cilium-bgpnodeconfig.v2.established.yaml')), 'infra')], intent } },
    { cluster: 'apps', nodes: [{ name: 'apps-2', ip: '10.25.11.22' }], expectedPeers: [{ address: '10.25.11.1', asn: 64501 }], cilium: { nodes: [parseBgpNodeConfig(parse(text('cilium-bgpnodeconfig.v2.active.yaml')), 'apps')], intent } },
  ];
  const router = { target: '10.25.11.1:22', flavor: 'frr' as const, addresses: ['10.25.11.1'], sessions: parseFrrBgpSummary(text('frr-show-bgp-summary.json'), { now: at }) };
  const { pairs, unmatched } = pairSessions(sides, router, ['10.25.11.12', '10.25.11.13', '10.25.11.21', '10.25.11.23']);
  const report: BgpReport = { at, clusters: sides, router, pairs, unmatchedRouterSessions: unmatched };
  const bgpF = bgpFindings({ report, now: at });
  const pools = { at, clusters: [{ cluster: 'infra', pools: [parseLbPool(parse(text('cilium-lbippool.v2.yaml')), 'infra')], services: [], configured: [] }], findings: [] };
  return {
    at,
    bonds: { at, clusters: [{ cluster: 'infra', nodes: [nodes[0]!] }, { cluster: 'apps', nodes: [nodes[1]!] }], findings: bondF, looks: {} },
    bgp: { ...report, findings: bgpF },
    pools,
    findings: [...bondF, ...bgpF],
  };
}

describe('Network screen model', () => {
  it('one bond line and one BGP line per node, both views side by side, then what is wrong, worst first', () => {
    const items = networkItems(sampleSnapshot());
    expect(items.map((i) => [i.key, i.sessions.length, i.findings.map((f) => f.rule)])).toEqual([
      ['infra/infra-1', 1, []],
      ['apps/apps-2', 1, ['bond.slave-down', 'bgp.down', 'bgp.advertised-ignored']],
    ]);
    expect(plain(networkListLines(items, 1, 10))).toEqual([
      '  infra/infra-1  bond0 ✓ up  enp1s0f0 up 10G, enp1s0f1 up 10G · fast, active on, agg 1 2/2',
      '                 BGP ↔ 10.25.11.1  cilium Established 2d0h, adv 2 rcv 0, hold 90s  │  router Established 2d1h, rcv 2 adv 0',
      '› apps/apps-2    bond0 ▲ degraded  enp1s0f0 up 10G, enp1s0f1 down (1 fail) · fast, active on, agg 1 1/2',
      '                 BGP ↔ 10.25.11.1  cilium Active (adv 2 ignored)  │  router Active',
      '    ✗ BGP apps-2 ↔ 10.25.11.1 not established — check that the router has neighbor 10.25.11.22 with remote-as 64513 and that TCP 179 is open between them; cilium-dbg bgp peers in the cilium agent on apps-2',
      '    ▲ bond0 on apps-2: slave enp1s0f1 MII down, 1 link failure — check the cable/switch port of enp1s0f1',
      '    · BGP apps-2 ↔ 10.25.11.1: Cilium counts 2 advertised routes while active — nothing to do; fix the session itself',
    ]);
    expect(items.map(itemHeight)).toEqual([2, 5]);
  });

  it('windows the list so the selected node stays in view', () => {
    const items = networkItems(sampleSnapshot());
    expect(plain(networkListLines(items, 1, 2))[0]).toMatch(/^› apps\/apps-2/);
    expect(plain(networkListLines(items, 0, 2))[0]).toMatch(/^› infra\/infra-1/);
    expect(plain(networkListLines([], 0, 5))).toEqual(['No network data yet (syncing…)']);
  });

  it('drill-down: procfs per slave with LACP details, both session views, the node findings', () => {
    const snap = sampleSnapshot();
    const apps = networkItems(snap)[1]!;
    const lines = plain(networkDetailLines(apps, snap.at));
    expect(lines[0]).toBe('apps / apps-2');
    expect(lines).toContain('  slave enp1s0f1  MII down');
    expect(lines).toContain('    link failures         1');
    expect(lines).toContain('    churn actor/partner   churned (1) / churned (1)');
    expect(lines).toContain('    partner pdu           mac 00:00:00:00:00:00 key 1 port 1 state 1');
    expect(lines).toContain('  active aggregator       1, 1 port(s), partner 74:ac:b9:11:22:30 key 1001');
    expect(lines).toContain('BGP apps-2 (10.25.11.22) ↔ 10.25.11.1');
    expect(lines).toContain('  cilium state            Active');
    expect(lines).toContain('  routes ipv4/unicast     received 0, advertised 2 (ignored: not established)');
    expect(lines).toContain('  router state            Active');
    expect(lines).toContain('  critical BGP apps-2 ↔ 10.25.11.1 not established');
    expect(lines).toContain('    do:  check the cable/switch port of enp1s0f1');
  });
});
