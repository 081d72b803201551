import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../errors/index.js';
import { parseResourceJson, parseResourceYaml, type TalosResource } from '../../talos/index.js';
import { bondLinks } from './links.js';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/talos/${name}`, import.meta.url), 'utf8');

describe('bondLinks', () => {
  it('reads the real Talos 1.12.6 bond master (#13203): settings, MTU, and no adLacpActive', () => {
    const rs = parseResourceJson(fixture('links-bond.derived.json'), 'talosctl get links');
    const [b, ...rest] = bondLinks(rs);
    expect(rest).toEqual([]);
    expect(b!.bond).toEqual({
      name: 'bond0',
      index: 2,
      mtu: 1500,
      operationalState: 'up',
      linkState: true,
      speedMbit: 2500,
      duplex: 'Full',
      hardwareAddr: '6c:1f:f7:c3:xx:xx',
      driver: 'bonding',
    });
    expect(b!.settings).toEqual({ mode: '802.3ad', xmitHashPolicy: 'layer3+4', lacpRate: 'fast', miimon: 100, updelay: 200, downdelay: 200 });
    expect(b!.settings.adLacpActive).toBeUndefined();
    expect(b!.slaves).toEqual([]);
  });

  it('the YAML form of the same resource gives the same bond', () => {
    const fromYaml = bondLinks(parseResourceYaml(fixture('links-bond.yaml'), 'talosctl get links'));
    const fromJson = bondLinks(parseResourceJson(fixture('links-bond.derived.json'), 'talosctl get links'));
    expect(fromYaml).toEqual(fromJson);
  });

  it('attaches members by masterIndex (reconstructed member LinkStatus)', () => {
    const slave = parseResourceYaml(fixture('links-slave.reconstructed.yaml'), 'talosctl get links')[0]!;
    const master = parseResourceJson(fixture('links-bond.derived.json'), 'talosctl get links')[0]!;
    // The member sample comes from another node where the bond has index 7: give our bond that index.
    const bond: TalosResource = { ...master, spec: { ...(master.spec as object), index: 7 } };
    const [b] = bondLinks([slave, bond]);
    expect(b!.slaves).toEqual([
      {
        name: 'eno1',
        index: 2,
        mtu: 1500,
        operationalState: 'up',
        linkState: true,
        speedMbit: 1000,
        duplex: 'Full',
        hardwareAddr: '10:e7:c6:16:aa:01',
        permanentAddr: '10:e7:c6:16:aa:01',
        masterIndex: 7,
        driver: 'e1000e',
      },
    ]);
  });

  it('a member without carrier (speed 4294967295 = unknown) has no speed; adLacpActive on/off is kept', () => {
    const res = (id: string, spec: Record<string, unknown>): TalosResource => ({
      node: '10.25.11.14',
      metadata: { namespace: 'network', type: 'LinkStatuses.net.talos.dev', id, version: 1, owner: '', phase: 'running', created: '', updated: '' },
      spec,
    });
    const [b] = bondLinks([
      res('bond0', { index: 4, mtu: 9000, kind: 'bond', operationalState: 'up', bondMaster: { mode: '802.3ad', adLacpActive: 'off' } }),
      res('enp1s0f1', { index: 3, mtu: 9000, masterIndex: 4, slaveKind: 'bond', operationalState: 'down', linkState: false, speedMbit: 4294967295 }),
      res('enp1s0f0', { index: 2, mtu: 9000, masterIndex: 4, slaveKind: 'bond', operationalState: 'up', linkState: true, speedMbit: 10000 }),
      res('lo', { index: 1, mtu: 65536 }),
    ]);
    expect(b!.settings.adLacpActive).toBe('off');
    expect(b!.slaves.map((s) => [s.name, s.speedMbit])).toEqual([
      ['enp1s0f0', 10000],
      ['enp1s0f1', undefined],
    ]);
  });

  it('a LinkStatus without index is a ParseError naming the command, link and node', () => {
    const bad: TalosResource = {
      node: 'apps-02',
      metadata: { namespace: 'network', type: 'LinkStatuses.net.talos.dev', id: 'bond0', version: 1, owner: '', phase: 'running', created: '', updated: '' },
      spec: { mtu: 9000, kind: 'bond' },
    };
    expect(() => bondLinks([bad])).toThrow(ParseError);
    expect(() => bondLinks([bad])).toThrow(/^talosctl get links: LinkStatus bond0 on apps-02: index/);
  });
});
