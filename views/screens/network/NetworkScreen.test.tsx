import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { parse } from 'yaml';
import type { FleetState } from '../../../src/fleet/index.js';
import { ManualClock } from '../../../src/lab/clock.js';
import {
  bgpFindings, bondFindings, pairSessions, parseBgpNodeConfig, parseBondProcfs, parseFrrBgpSummary, type BgpReport, type NetworkSnapshot, type NodeBond,
} from '../../../src/network/index.js';
import { cleanup, KEYS, render } from '../../../test/support/render.js';
import { Dashboard } from '../../Dashboard.js';
import { samplePlatform } from '../../testing/fleet-samples.js';
import { MemoryFleetStore } from '../../testing/memory-store.js';
import { ScriptedActions } from '../../testing/scripted-actions.js';
import { DEFAULT_SCREENS } from '../registry.js';
import { networkScreen } from './NetworkScreen.js';

afterEach(cleanup);

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/network/${name}`, import.meta.url), 'utf8');
const AT = Date.parse('2026-11-27T12:00:00Z');

/** apps-01 healthy; apps-02 with a slave down (recorded procfs) and its BGP session Active on both sides. */
function snapshot(): NetworkSnapshot {
  const nb = (node: string, ip: string, file: string): NodeBond => ({ cluster: 'apps', node, address: ip, bondName: 'bond0', at: AT, procfs: parseBondProcfs(fixture(file)), errors: {} });
  const nodes = [nb('apps-01', '10.25.11.14', 'proc-net-bonding-bond0.talos.healthy.txt'), nb('apps-02', '10.25.11.15', 'proc-net-bonding-bond0.talos.slave-down.txt')];
  const bondF = nodes.flatMap((n) => bondFindings({ current: n, expect: { name: 'bond0', mode: '802.3ad', xmitHashPolicy: 'layer3+4', lacpRate: 'fast', miimon: 100, mtu: 9000, slaves: 2 } }));
  const config = (file: string, name: string) => {
    const o = parse(fixture(file));
    o.metadata.name = name;
    return parseBgpNodeConfig(o, 'apps');
  };
  const side = {
    cluster: 'apps',
    nodes: [{ name: 'apps-01', ip: '10.25.11.14' }, { name: 'apps-02', ip: '10.25.11.15' }],
    expectedPeers: [{ address: '10.25.11.1', asn: 64501 }],
    cilium: { nodes: [config('cilium-bgpnodeconfig.v2.established.yaml', 'apps-01'), config('cilium-bgpnodeconfig.v2.active.yaml', 'apps-02')], intent: { clusterConfigs: [], peerConfigs: [], advertisements: [], legacyPolicies: [] } },
  };
  // The recorded summary names .21/.22; here they are apps-01/apps-02 at .14/.15.
  const sessions = parseFrrBgpSummary(fixture('frr-show-bgp-summary.json'), { now: AT }).flatMap((s) =>
    s.peerAddress === '10.25.11.21' ? [{ ...s, peerAddress: '10.25.11.14' }] : s.peerAddress === '10.25.11.22' ? [{ ...s, peerAddress: '10.25.11.15' }] : [],
  );
  const router = { target: '10.25.11.1:22', flavor: 'frr' as const, addresses: ['10.25.11.1'], sessions };
  const { pairs, unmatched } = pairSessions([side], router);
  const report: BgpReport = { at: AT, clusters: [side], router, pairs, unmatchedRouterSessions: unmatched };
  const bgpF = bgpFindings({ report, now: AT });
  return {
    at: AT,
    bonds: { at: AT, clusters: [{ cluster: 'apps', nodes }], findings: bondF, looks: {} },
    bgp: { ...report, findings: bgpF },
    pools: { at: AT, clusters: [], findings: [] },
    findings: [...bondF, ...bgpF],
  };
}

function mount(state: FleetState, columns = 120) {
  const r = render(
    <Dashboard store={new MemoryFleetStore(state)} actions={new ScriptedActions()} readOnly={false} onExit={vi.fn()} clock={new ManualClock()} screens={[...DEFAULT_SCREENS, networkScreen]} initialScreen="network" />,
    { columns, rows: 30 },
  );
  return r;
}

describe('Network screen', () => {
  test('per node a bond line and a BGP line with both views', () => {
    const r = mount({ ...samplePlatform(), network: snapshot() } as FleetState);
    const lines = r.lines();
    expect(lines).toContain('› apps/apps-01  bond0 ✓ up  enp1s0f0 up 10G, enp1s0f1 up 10G · fast, active on, agg 1 2/2');
    expect(lines).toContain('  apps/apps-02  bond0 ▲ degraded  enp1s0f0 up 10G, enp1s0f1 down (1 fail) · fast, active on, agg 1 1/2');
    expect(lines).toContain('                BGP ↔ 10.25.11.1  cilium Active (adv 2 ignored)  │  router Active');
    for (const l of r.lines()) expect(l.length).toBeLessThanOrEqual(120);
  });

  test('Enter opens the node detail (procfs and both session views), Escape goes back', async () => {
    const r = mount({ ...samplePlatform(), network: snapshot() } as FleetState);
    await r.press(KEYS.down);
    const detail = await r.press(KEYS.enter);
    expect(detail).toContain('apps / apps-02');
    expect(detail).toContain('slave enp1s0f1  MII down');
    expect(detail).toMatch(/partner pdu +mac 00:00:00:00:00:00 key 1 port 1 state 1/);
    const end = await r.press(KEYS.end);
    expect(end).toContain('BGP apps-02 (10.25.11.15) ↔ 10.25.11.1');
    expect(end).toMatch(/cilium state +Active/);
    expect(end).toMatch(/router state +Active/);
    expect(end).toContain('critical BGP apps-02 ↔ 10.25.11.1 not established');
    const back = await r.press(KEYS.escape);
    expect(back).toContain('› apps/apps-02');
  });

  test('before the first network look: syncing, not "nothing"', () => {
    const r = mount(samplePlatform(), 80);
    expect(r.text()).toContain('Network: syncing… (bonds, BGP and pools not read yet)');
  });
});
