import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BondExpectation } from '../../config/index.js';
import { parseResourceJson } from '../../talos/index.js';
import { bondLinks } from './links.js';
import { bondLook, type BondProcfs, type NodeBond } from './model.js';
import { parseBondProcfs } from './procfs.js';
import { bondFindings } from './rules.js';
import { talosHasLacpActiveBug } from './lacp-active.js';

const text = (area: string, name: string) => readFileSync(new URL(`../../../test/fixtures/${area}/${name}`, import.meta.url), 'utf8');
const procfs = (name: string) => parseBondProcfs(text('network', name));
const expectation: BondExpectation = { name: 'bond0', mode: '802.3ad', xmitHashPolicy: 'layer3+4', lacpRate: 'fast', miimon: 100, mtu: 9000, slaves: 2 };
const at = Date.parse('2026-11-27T12:00:00Z');

function node(over: Partial<NodeBond>): NodeBond {
  return { cluster: 'apps', node: 'apps-02', address: '10.25.11.15', bondName: 'bond0', at, errors: {}, ...over };
}
const rules = (nb: NodeBond, previous?: NodeBond) => bondFindings({ current: nb, expect: expectation, ...(previous ? { previous: bondLook(previous)! } : {}) });
const brief = (nb: NodeBond) => rules(nb).map((f) => `${f.severity} ${f.rule}: ${f.what}`);

describe('bond findings (golden)', () => {
  it('a healthy Talos bond has none', () => {
    expect(rules(node({ procfs: procfs('proc-net-bonding-bond0.talos.healthy.txt') }))).toEqual([]);
  });

  it('slave down: what, why and action', () => {
    expect(rules(node({ procfs: procfs('proc-net-bonding-bond0.talos.slave-down.txt') }))).toEqual([
      {
        rule: 'bond.slave-down',
        severity: 'warning',
        cluster: 'apps',
        subject: 'bond0 on apps-02',
        what: 'bond0 on apps-02: slave enp1s0f1 MII down, 1 link failure',
        why: 'the bond runs on 1 of 2 links',
        action: 'check the cable/switch port of enp1s0f1',
      },
    ]);
  });

  it('no LACP partner: zero partner MAC and split aggregators', () => {
    expect(brief(node({ procfs: procfs('proc-net-bonding-bond0.talos.no-partner.txt') }))).toEqual([
      'warning bond.no-partner: bond0 on apps-02: no LACP partner',
      'warning bond.split-aggregator: bond0 on apps-02: slaves in different aggregators',
    ]);
  });

  it('hash policy drift on the 6.8 sample (layer2+3)', () => {
    const fs = rules(node({ procfs: parseBondProcfs(text('talos', 'proc-net-bonding-802.3ad.txt')) }));
    expect(fs.map((f) => f.rule)).toEqual(['bond.hash-policy']);
    expect(fs[0]!.action).toBe('set machine.network.interfaces[].bond.xmitHashPolicy: layer3+4');
  });

  it('link failure count grew since the previous look (and a reset after reboot is not a finding)', () => {
    const before = node({ at: at - 60_000, procfs: procfs('proc-net-bonding-bond0.talos.healthy.txt') });
    const now = procfs('proc-net-bonding-bond0.talos.healthy.txt');
    now.slaves[1]!.linkFailureCount = 3;
    const fs = rules(node({ procfs: now }), before);
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({
      rule: 'bond.link-failures-grew',
      severity: 'warning',
      what: 'bond0 on apps-02: link failures of enp1s0f1 grew 0 → 3',
      why: 'Link Failure Count went up since the look at 2026-11-27T11:59:00.000Z: the link flaps',
    });
    expect(rules(node({ procfs: procfs('proc-net-bonding-bond0.talos.healthy.txt') }), node({ procfs: now }))).toEqual([]);
  });

  it('the Talos 1.12.0–1.12.7 LACP bug, from the real #13203 LinkStatus (no adLacpActive, MTU 1500)', () => {
    const links = bondLinks(parseResourceJson(text('talos', 'links-bond.derived.json'), 'talosctl get links'))[0]!;
    const fs = rules(node({ links, talosVersion: 'v1.12.6' }));
    // The sample holds only the master (its members were not captured), hence slaves-missing.
    expect(fs.map((f) => f.rule)).toEqual(['bond.slaves-missing', 'bond.lacp-inactive', 'bond.mtu']);
    const [, lacp, mtu] = fs;
    expect(lacp!.why).toBe(
      'LinkStatus bondMaster has no adLacpActive; v1.12.6 is in 1.12.0–1.12.7, which brings 802.3ad bonds up with lacp_active off (siderolabs/talos#13203). The bond aggregates only if the switch port is LACP-active',
    );
    expect(lacp!.action).toMatch(/^upgrade Talos on apps-02 to v1\.12\.8 or later/);
    expect(mtu!.what).toBe('bond0 on apps-02: MTU 1500, plat.yaml expects 9000');
    // Same LinkStatus on a fixed Talos: a missing field alone proves nothing.
    expect(rules(node({ links, talosVersion: 'v1.12.8' })).map((f) => f.rule)).toEqual(['bond.slaves-missing', 'bond.mtu']);
  });

  it('procfs "LACP active: off" outside the bug range asks for adLacpActive: on', () => {
    const p: BondProcfs = { ...procfs('proc-net-bonding-bond0.talos.healthy.txt'), lacpActive: 'off' };
    const fs = rules(node({ procfs: p, talosVersion: 'v1.13.1' }));
    expect(fs.map((f) => f.rule)).toEqual(['bond.lacp-inactive']);
    expect(fs[0]!.why).toMatch(/^\/proc\/net\/bonding\/bond0 says "LACP active: off"; Talos v1\.13\.1\./);
    expect(fs[0]!.action).toMatch(/adLacpActive: on/);
  });

  it('config drift: mode, lacp rate and miimon', () => {
    const p: BondProcfs = { ...procfs('proc-net-bonding-bond0.talos.healthy.txt'), lacpRate: 'slow', miiPollingMs: 50 };
    expect(brief(node({ procfs: p }))).toEqual([
      'warning bond.lacp-rate: bond0 on apps-02: LACP rate slow, plat.yaml expects fast',
      'info bond.miimon: bond0 on apps-02: MII polling 50 ms, plat.yaml expects 100',
    ]);
    const rr: BondProcfs = { slaves: [], notes: [], mode: 'balance-rr', modeLabel: 'load balancing (round-robin)', miiStatus: 'up' };
    expect(brief(node({ procfs: rr }))).toEqual([
      'warning bond.slaves-missing: bond0 on apps-02 has 0 slaves, 2 expected',
      'warning bond.mode: bond0 on apps-02: mode balance-rr, plat.yaml expects 802.3ad',
    ]);
  });

  it('slaves at different speeds', () => {
    const p = procfs('proc-net-bonding-bond0.talos.healthy.txt');
    p.slaves[1]!.speedMbit = 1000;
    const fs = rules(node({ procfs: p }));
    expect(fs.map((f) => f.rule)).toEqual(['bond.speed-mismatch']);
    expect(fs[0]!.why).toBe('enp1s0f0 10000 Mb/s, enp1s0f1 1000 Mb/s; LACP only aggregates ports of equal speed');
  });

  it('bond down, bond missing, sources unreadable', () => {
    const p = procfs('proc-net-bonding-bond0.talos.slave-down.txt');
    p.miiStatus = 'down';
    p.slaves[0]!.miiStatus = 'down';
    expect(brief(node({ procfs: p }))[0]).toBe('critical bond.down: bond0 on apps-02 is down');
    expect(brief(node({ links: null }))).toEqual(['critical bond.missing: apps-02 has no bond0']);
    const unread = rules(node({ errors: { links: 'connection refused', procfs: 'connection refused' } }));
    expect(unread).toEqual([
      expect.objectContaining({ rule: 'bond.unread', severity: 'warning', why: 'get links: connection refused; read: connection refused' }),
    ]);
  });
});

describe('talosHasLacpActiveBug', () => {
  it('covers exactly 1.12.0 to 1.12.7', () => {
    expect(['v1.12.0', 'v1.12.7', '1.12.3', 'v1.12.0-beta.1'].map(talosHasLacpActiveBug)).toEqual([true, true, true, true]);
    expect(['v1.11.9', 'v1.12.8', 'v1.13.0', undefined, 'garbage'].map(talosHasLacpActiveBug)).toEqual([false, false, false, false, false]);
  });
});
