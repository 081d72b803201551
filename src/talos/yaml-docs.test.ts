import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseResourceYaml } from './yaml-docs.js';

const fx = (name: string) => readFileSync(new URL(`../../test/fixtures/talos/${name}`, import.meta.url), 'utf8');
const CMD = 'talosctl get links';

describe('parseResourceYaml (-o yaml documents)', () => {
  it('reads a real LinkStatus: strings stay strings (timestamps, quoted "2"), numbers are numbers', () => {
    const [bond] = parseResourceYaml(fx('links-bond.yaml'), CMD);
    expect(bond!.node).toBe('kube-master-1');
    expect(bond!.metadata).toEqual({
      namespace: 'network', type: 'LinkStatuses.net.talos.dev', id: 'bond0', version: 12,
      owner: 'network.LinkStatusController', phase: 'running', created: '2026-04-24T14:21:56Z', updated: '2026-04-24T14:36:19Z',
    });
    const spec = bond!.spec as Record<string, unknown>;
    expect(spec.firmwareVersion).toBe('2');
    expect(spec.mtu).toBe(1500);
    // the v1.12.6 LACP bug: adLacpActive absent from bondMaster
    expect(spec.bondMaster).toMatchObject({ mode: '802.3ad', xmitHashPolicy: 'layer3+4', lacpRate: 'fast', miimon: 100 });
    expect(spec.bondMaster).not.toHaveProperty('adLacpActive');
  });

  it('reads several documents from several nodes, skipping comment-only content', () => {
    const res = parseResourceYaml(fx('machinestatus.reconstructed.yaml'), 'talosctl get machinestatus');
    expect(res.map((r) => [r.node, (r.spec as { stage: string }).stage])).toEqual([
      ['172.20.0.2', 'running'],
      ['10.0.1.180', 'booting'],
    ]);
    expect((res[1]!.spec as { status: unknown }).status).toEqual({
      ready: false,
      unmetConditions: [{ name: 'nodeReady', reason: 'node "ip-10-0-1-180" is not ready' }],
    });
  });

  it('reads single-document samples', () => {
    expect(parseResourceYaml(fx('address.yaml'), 'talosctl get address')[0]!.metadata.id).toBe('eth0/172.20.0.2/24');
    expect(parseResourceYaml(fx('nodename.reconstructed.yaml'), 'talosctl get nodename')[0]!.spec).toEqual({
      nodename: 'alt-orchestra-dbo-s97', hostnameVersion: '2', skipNodeRegistration: false,
    });
  });

  it('gives [] for empty output and ignores a trailing separator', () => {
    expect(parseResourceYaml('', CMD)).toEqual([]);
    expect(parseResourceYaml(`${fx('address.yaml')}---\n`, CMD)).toHaveLength(1);
  });

  it('turns a bare owner: into an empty string', () => {
    const text = fx('address.yaml').replace('owner: network.AddressStatusController', 'owner:');
    expect(parseResourceYaml(text, CMD)[0]!.metadata.owner).toBe('');
  });

  it('throws on truncated or broken YAML, naming the document and line', () => {
    const text = fx('members.reconstructed.yaml');
    const broken = `${text.slice(0, text.indexOf('---'))}---\nnode: 172.20.0.2\nmetadata: [\n`;
    expect(() => parseResourceYaml(broken, 'talosctl get members')).toThrow(/^talosctl get members: invalid YAML in document 2 \(line \d+\): /);
  });

  it('throws on documents that are not resources', () => {
    expect(() => parseResourceYaml('just some text\n', CMD)).toThrow(`${CMD}: document 1 is not an object`);
    expect(() => parseResourceYaml(`${fx('address.yaml')}---\nnode: x\nspec: {}\n`, CMD)).toThrow(`${CMD}: document 2 has no metadata`);
  });

  it('throws on binary garbage', () => {
    expect(() => parseResourceYaml('node: a\n\x00\x01\x02\x03binary', CMD)).toThrow(/^talosctl get links: binary data in YAML output: "node: a·binary"$/);
  });
});
