import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ParseError } from '../../errors/index.js';
import { parseAdvertisement, parseClusterConfig, parsePeerConfig, parsePeeringPolicy } from './intent.js';
import { parseBgpNodeConfig } from './node-config.js';
import { parseLbPool, parseLbService } from './pools.js';

const text = (name: string) => readFileSync(new URL(`../../../test/fixtures/network/${name}`, import.meta.url), 'utf8');
const yaml = (name: string): unknown => parse(text(name));

describe('CiliumBGPNodeConfig status → BgpSession (source cilium)', () => {
  it('established sample: state, since, timers, routes, peer config', () => {
    const n = parseBgpNodeConfig(yaml('cilium-bgpnodeconfig.v2.established.yaml'), 'infra');
    expect(n).toMatchObject({ cluster: 'infra', node: 'infra-1', statusMissing: false });
    expect(n.reconcileError).toBeUndefined();
    expect(n.peers).toEqual([
      {
        cluster: 'infra',
        node: 'infra-1',
        instance: 'infra-64512',
        peerName: 'home-router',
        peerConfig: 'home-router',
        routeCount: [{ afi: 'ipv4', safi: 'unicast', received: 0, advertised: 2 }],
        session: {
          source: 'cilium',
          peerAddress: '10.25.11.1',
          remoteAs: 64501,
          localAs: 64512,
          state: 'Established',
          establishedSinceMs: Date.parse('2025-10-12T08:18:01Z'),
          prefixesReceived: 0,
          prefixesSent: 2,
          holdTimeSeconds: 90,
          keepaliveSeconds: 30,
          description: 'home-router',
        },
      },
    ]);
  });

  it('active sample: no since, no timers (0 = not negotiated), advertised count set aside (cilium#39861)', () => {
    const [p] = parseBgpNodeConfig(yaml('cilium-bgpnodeconfig.v2.active.yaml'), 'apps').peers;
    expect(p!.session.state).toBe('Active');
    expect(p!.session.establishedSinceMs).toBeUndefined();
    expect(p!.session.holdTimeSeconds).toBeUndefined();
    expect(p!.session.prefixesSent).toBeUndefined();
    expect(p!.advertisedIgnored).toBe(2);
  });

  it('gobgp state spellings, a peer not yet known to the agent, reconcile errors, missing status', () => {
    const obj = {
      metadata: { name: 'apps-03' },
      spec: { bgpInstances: [{ name: 'apps-64513', peers: [{ name: 'home-router' }] }] },
      status: {
        bgpInstances: [
          {
            name: 'apps-64513',
            localASN: 64513,
            peers: [
              { name: 'a', peerAddress: '10.25.11.1', peerASN: 64501, peeringState: 'open_confirm' },
              { name: 'b', peerAddress: '10.25.11.2', peerASN: 64502 },
              { name: 'c', peerAddress: '10.25.11.3', peerASN: 64503, peeringState: 'unknown' },
            ],
          },
        ],
        conditions: [{ type: 'cilium.io/BGPReconcileError', status: 'True', reason: 'BGPReconcileError', message: 'apps-64513: failed to add peer\n' }],
      },
    };
    const n = parseBgpNodeConfig(obj, 'apps');
    expect(n.peers.map((p) => [p.session.state, p.session.stateDetail])).toEqual([
      ['OpenConfirm', undefined],
      ['Idle', 'not known to the agent yet'],
      ['Idle', 'unknown'],
    ]);
    expect(n.reconcileError).toBe('apps-64513: failed to add peer');
    const empty = parseBgpNodeConfig({ metadata: { name: 'apps-01' }, spec: obj.spec, status: {} }, 'apps');
    expect(empty.statusMissing).toBe(true);
  });

  it('a status peer without peerAddress is a ParseError naming the call and object', () => {
    const bad = { metadata: { name: 'apps-02' }, status: { bgpInstances: [{ name: 'x', peers: [{ name: 'home-router' }] }] } };
    expect(() => parseBgpNodeConfig(bad, 'apps', 'list ciliumbgpnodeconfigs (cluster apps)')).toThrow(ParseError);
    expect(() => parseBgpNodeConfig(bad, 'apps', 'list ciliumbgpnodeconfigs (cluster apps)')).toThrow(/^list ciliumbgpnodeconfigs \(cluster apps\): apps-02: unexpected shape at status\.bgpInstances\.0\.peers\.0\.peerAddress/);
  });
});

describe('BGP intent', () => {
  it('cluster config: instances and peers; False conditions are not problems', () => {
    expect(parseClusterConfig(yaml('cilium-bgpclusterconfig.v2.yaml'))).toEqual({
      name: 'bgp-infra',
      instances: [{ name: 'infra-64512', localAsn: 64512, peers: [{ name: 'home-router', address: '10.25.11.1', asn: 64501, peerConfig: 'home-router' }] }],
      problems: [],
    });
    const obj = yaml('cilium-bgpclusterconfig.v2.yaml') as { status: { conditions: Array<{ type: string; status: string; message: string }> } };
    obj.status.conditions[2]!.status = 'True';
    expect(parseClusterConfig(obj).problems).toEqual(['NoMatchingNode: No node matches spec.nodeSelector']);
  });

  it('peer config: timers and families; advertisement: types and service addresses', () => {
    expect(parsePeerConfig(yaml('cilium-bgppeerconfig.v2.yaml'))).toEqual({ name: 'home-router', holdTimeSeconds: 90, keepAliveTimeSeconds: 30, families: [{ afi: 'ipv4', safi: 'unicast' }], problems: [] });
    expect(parseAdvertisement(yaml('cilium-bgpadvertisement.v2.yaml'))).toEqual({ name: 'lb-services', labels: { advertise: 'bgp' }, types: ['Service'], serviceAddresses: ['LoadBalancerIP'] });
  });

  it('legacy v2alpha1 peering policy: neighbors without the /32', () => {
    expect(parsePeeringPolicy(yaml('cilium-bgppeeringpolicy.v2alpha1.yaml'))).toEqual({
      name: 'bgp-infra',
      routers: [{ localAsn: 64512, neighbors: [{ address: '10.25.11.1', asn: 64501, holdTimeSeconds: 90 }] }],
    });
  });
});

describe('LB-IPAM', () => {
  it('pool sample: block, counts from condition messages, no conflict', () => {
    expect(parseLbPool(yaml('cilium-lbippool.v2.yaml'), 'infra')).toEqual({ cluster: 'infra', name: 'lb-pool', blocks: [{ start: '10.25.11.100', stop: '10.25.11.119' }], disabled: false, total: 20, available: 18, used: 2 });
  });

  it('verbatim 1.18.0 conditions give 5/4/1; a missing count stays unknown (cilium#41536)', () => {
    const conditions = text('lbippool-conditions.verbatim-1.18.0.txt').split(/\n(?=\{)/).map((s) => JSON.parse(s) as unknown);
    const p = parseLbPool({ metadata: { name: 'cilium-lb-ippool' }, spec: { blocks: [{ cidr: '192.168.10.208/29' }] }, status: { conditions } }, 'apps');
    expect([p.total, p.available, p.used, p.blocks]).toEqual([5, 4, 1, [{ cidr: '192.168.10.208/29' }]]);
    const blank = parseLbPool({ metadata: { name: 'second' }, spec: {}, status: { conditions: conditions.slice(0, 1) } }, 'apps');
    expect([blank.total, blank.available, blank.used]).toEqual([5, undefined, undefined]);
  });

  it('a conflicting pool keeps the operator message', () => {
    const p = parseLbPool(
      { metadata: { name: 'b' }, spec: { blocks: [{ cidr: '10.25.11.96/27' }] }, status: { conditions: [{ type: 'cilium.io/PoolConflict', status: 'True', reason: 'cidr_overlap', message: "Pool conflicts since range '10.25.11.96/27' overlaps range '10.25.11.100-10.25.11.119' from IP Pool 'lb-pool'" }] } },
      'infra',
    );
    expect(p.conflict).toMatch(/^Pool conflicts since range/);
  });

  it('services: the verbatim 1.18.0 status, the reconstructed list with an out_of_ips Service, non-LB Services skipped', () => {
    const status = JSON.parse(text('service-status.verbatim-1.18.0.json')) as unknown;
    expect(parseLbService({ metadata: { name: 'web', namespace: 'default' }, spec: { type: 'LoadBalancer' }, status }, 'apps')).toEqual({
      cluster: 'apps', namespace: 'default', name: 'web', ips: ['192.168.10.211'], ipam: { status: 'True', reason: 'satisfied', message: '' },
    });
    const list = yaml('service-loadbalancer.v1.yaml') as { items: unknown[] };
    const svcs = list.items.map((i) => parseLbService(i, 'infra'));
    expect(svcs.map((s) => [s?.name, s?.ips, s?.ipam?.reason])).toEqual([
      ['ingress-controller', ['10.25.11.100'], 'satisfied'],
      ['extra-lb', [], 'out_of_ips'],
    ]);
    expect(parseLbService({ metadata: { name: 'kube-dns', namespace: 'kube-system' }, spec: { type: 'ClusterIP' } }, 'infra')).toBeUndefined();
    const requested = parseLbService({ metadata: { name: 'x', annotations: { 'lbipam.cilium.io/ips': '10.25.11.105, 10.25.11.106' } }, spec: { type: 'LoadBalancer' } }, 'infra');
    expect(requested?.requestedIps).toEqual(['10.25.11.105', '10.25.11.106']);
  });
});
