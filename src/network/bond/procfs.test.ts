import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../errors/index.js';
import { lacpInService, lacpStateFlags } from './lacp-state.js';
import { parseBondProcfs } from './procfs.js';

const fixture = (area: string, name: string) => readFileSync(new URL(`../../../test/fixtures/${area}/${name}`, import.meta.url), 'utf8');

describe('parseBondProcfs on every recorded sample', () => {
  it('healthy Ubuntu 5.15 bond (verbatim): both 25G slaves in aggregator 1, real partner', () => {
    const b = parseBondProcfs(fixture('network', 'proc-net-bonding-bond0.healthy.verbatim-5.15.txt'));
    expect(b).toMatchObject({
      driverVersion: '5.15.0-70-generic',
      mode: '802.3ad',
      modeLabel: 'IEEE 802.3ad Dynamic link aggregation',
      hashPolicy: 'layer3+4',
      miiStatus: 'up',
      miiPollingMs: 100,
      upDelayMs: 200,
      downDelayMs: 200,
      peerNotificationDelayMs: 0,
      lacpActive: 'on',
      lacpRate: 'fast',
      minLinks: 0,
      adSelect: 'stable',
      systemPriority: 65535,
      systemMac: '40:a6:b7:20:2f:e0',
      activeAggregator: { id: 1, ports: 2, actorKey: 21, partnerKey: 37, partnerMac: 'c2:d6:82:fb:f0:12' },
    });
    expect(b.notes).toEqual([]);
    expect(b.slaves.map((s) => [s.name, s.miiStatus, s.speedMbit, s.duplex, s.linkFailureCount, s.aggregatorId])).toEqual([
      ['enp65s0f0', 'up', 25000, 'full', 0, 1],
      ['enp65s0f1', 'up', 25000, 'full', 0, 1],
    ]);
    expect(b.slaves[1]).toMatchObject({
      permanentHwAddr: '40:a6:b7:20:2f:e1',
      queueId: 0,
      actorChurnState: 'none',
      partnerChurnState: 'none',
      actorChurnedCount: 0,
      partnerChurnedCount: 0,
      actor: { systemPriority: 65535, systemMac: '40:a6:b7:20:2f:e0', key: 21, portPriority: 255, portNumber: 2, portState: 63 },
      partner: { systemPriority: 32768, systemMac: 'c2:d6:82:fb:f0:12', key: 37, portPriority: 32768, portNumber: 32778, portState: 61 },
    });
  });

  it('Linux 6.8 lab bond (talos fixture, verbatim): layer2+3, monitoring churn, one link failure on e2', () => {
    const b = parseBondProcfs(fixture('talos', 'proc-net-bonding-802.3ad.txt'));
    expect(b.driverVersion).toBe('6.8.0-142-generic');
    expect(b.hashPolicy).toBe('layer2+3');
    expect(b.notes).toEqual([]);
    expect(b.slaves.map((s) => [s.name, s.linkFailureCount, s.actorChurnState, s.partner?.portState])).toEqual([
      ['e1', 1, 'monitoring', 63],
      ['e2', 1, 'monitoring', 63],
    ]);
  });

  it('Talos healthy (reconstructed): 2×10G in aggregator 1', () => {
    const b = parseBondProcfs(fixture('network', 'proc-net-bonding-bond0.talos.healthy.txt'));
    expect(b.driverVersion).toBe('6.12.48-talos');
    expect(b.activeAggregator).toEqual({ id: 1, ports: 2, actorKey: 15, partnerKey: 1001, partnerMac: '74:ac:b9:11:22:30' });
    expect(b.slaves.map((s) => [s.name, s.speedMbit, s.aggregatorId, s.actor?.portState, s.partner?.portState])).toEqual([
      ['enp1s0f0', 10000, 1, 63, 61],
      ['enp1s0f1', 10000, 1, 63, 61],
    ]);
    expect(b.notes).toEqual([]);
  });

  it('Talos slave down (reconstructed): Unknown speed/duplex, own aggregator, churned, defaulted partner', () => {
    const b = parseBondProcfs(fixture('network', 'proc-net-bonding-bond0.talos.slave-down.txt'));
    const down = b.slaves[1]!;
    expect(down).toMatchObject({ name: 'enp1s0f1', miiStatus: 'down', duplex: 'unknown', linkFailureCount: 1, aggregatorId: 2, actorChurnState: 'churned', partnerChurnState: 'churned' });
    expect(down.speedMbit).toBeUndefined();
    expect(down.partner).toMatchObject({ systemMac: '00:00:00:00:00:00', key: 1, portState: 1 });
    expect(b.activeAggregator?.ports).toBe(1);
    expect(b.notes).toEqual([]);
  });

  it('Talos no partner (reconstructed): all-zero partner MAC, split aggregators, defaulted actor states', () => {
    const b = parseBondProcfs(fixture('network', 'proc-net-bonding-bond0.talos.no-partner.txt'));
    expect(b.activeAggregator).toMatchObject({ partnerMac: '00:00:00:00:00:00', partnerKey: 1, ports: 1 });
    expect(b.slaves.map((s) => [s.aggregatorId, s.actor?.portState, s.partnerChurnState])).toEqual([
      [1, 79, 'churned'],
      [2, 71, 'churned'],
    ]);
    expect(lacpStateFlags(79)).toContain('defaulted');
    expect(lacpInService(61)).toBe(true);
    expect(lacpInService(1)).toBe(false);
  });
});

describe('parseBondProcfs on other shapes', () => {
  it('a reader without CAP_NET_ADMIN: no aggregator or LACPDU blocks, no LACP active line (older kernel)', () => {
    const text = [
      'Ethernet Channel Bonding Driver: v5.4.0',
      '',
      'Bonding Mode: IEEE 802.3ad Dynamic link aggregation',
      'Transmit Hash Policy: layer2 (0)',
      'MII Status: up',
      '',
      '802.3ad info',
      'LACP rate: slow',
      '',
      'Slave Interface: eth0',
      'MII Status: up',
      'Speed: 1000 Mbps',
      'Duplex: full',
      'Link Failure Count: 0',
      'Permanent HW addr: 52:54:00:aa:bb:cc',
      'Aggregator ID: N/A',
    ].join('\n');
    const b = parseBondProcfs(text);
    expect(b.activeAggregator).toBeUndefined();
    expect(b.lacpActive).toBeUndefined();
    expect(b.slaves[0]?.aggregatorId).toBeUndefined();
    expect(b.slaves[0]?.actor).toBeUndefined();
    expect(b.notes).toEqual([]);
  });

  it('"has no active aggregator" is recorded as null', () => {
    const b = parseBondProcfs('Ethernet Channel Bonding Driver: v6.1\n\nBonding Mode: IEEE 802.3ad Dynamic link aggregation\nMII Status: down\n\n802.3ad info\nbond bond0 has no active aggregator\n');
    expect(b.activeAggregator).toBeNull();
    expect(b.miiStatus).toBe('down');
  });

  it('active-backup bond: parses what it knows, notes the rest with line numbers', () => {
    const text = [
      'Ethernet Channel Bonding Driver: v6.12.48-talos',
      '',
      'Bonding Mode: fault-tolerance (active-backup)',
      'Primary Slave: None',
      'Currently Active Slave: eth0',
      'MII Status: up',
      'Frobnication Level: 11',
      '',
      'Slave Interface: eth0',
      'MII Status: going down',
      'Speed: 1000 Mbps',
      'Duplex: half',
      'Link Failure Count: 4',
      'Some new kernel field: yes',
    ].join('\n');
    const b = parseBondProcfs(text);
    expect(b.mode).toBe('active-backup');
    expect(b.slaves[0]).toMatchObject({ miiStatus: 'going down', duplex: 'half', linkFailureCount: 4, speedMbit: 1000 });
    expect(b.notes).toEqual([
      'line 4: Primary Slave: None',
      'line 5: Currently Active Slave: eth0',
      'line 7: Frobnication Level: 11',
      'line 14: Some new kernel field: yes',
    ]);
  });

  it('a known key with a value it cannot read is noted, not guessed', () => {
    const b = parseBondProcfs('Ethernet Channel Bonding Driver: v6.1\n\nMII Status: sideways\nLACP rate: medium\n');
    expect(b.miiStatus).toBeUndefined();
    expect(b.lacpRate).toBeUndefined();
    expect(b.notes).toEqual(['line 3: MII Status: sideways', 'line 4: LACP rate: medium']);
  });

  it('text that is not a bonding file is a ParseError naming the command', () => {
    const bad = () => parseBondProcfs('open /proc/net/bonding/bond9: no such file or directory\n', { command: 'talosctl read /proc/net/bonding/bond9 (apps-02)' });
    expect(bad).toThrow(ParseError);
    expect(bad).toThrow(/^talosctl read \/proc\/net\/bonding\/bond9 \(apps-02\): not a bonding status file: "open/);
    expect(() => parseBondProcfs('')).toThrow(/not a bonding status file: "\(empty\)"/);
  });
});
