import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ManualClock } from '../clock.js';
import { createObjectStore, type KubeObject } from '../kube-api/index.js';
import { loadScenario, Twin } from './index.js';

const fixture = (name: string) => parse(readFileSync(new URL(`../../../test/fixtures/network/${name}`, import.meta.url), 'utf8')) as KubeObject;

/** Key sets at every level (first element of arrays), to compare shapes with the samples. */
function shape(v: unknown): unknown {
  if (Array.isArray(v)) return v.length ? [shape(v[0])] : [];
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, shape((v as Record<string, unknown>)[k])]));
  return typeof v;
}

function setup(scenario = 'healthy') {
  const clock = new ManualClock();
  const twin = new Twin(loadScenario(scenario), { clock });
  const store = createObjectStore(undefined, { clock });
  const detach = twin.attachKube('apps', store);
  return { clock, twin, store, detach };
}

const condition = (o: KubeObject | undefined, type: string) => ((o?.['status'] as { conditions: { type: string; status: string; reason: string }[] }).conditions ?? []).find((c) => c.type === type);

describe('attachKube', () => {
  it('writes Ready Nodes with Talos nodeInfo and control-plane labels', () => {
    const { store } = setup();
    const nodes = store.list('v1', 'Node');
    expect(nodes.map((n) => n.metadata.name)).toEqual(['apps-01', 'apps-02', 'apps-03']);
    const n = nodes[1]!;
    expect(n.metadata.labels).toMatchObject({ 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/hostname': 'apps-02' });
    expect((n['status'] as { nodeInfo: Record<string, string> }).nodeInfo).toMatchObject({ osImage: 'Talos (v1.11.5)', kubeletVersion: 'v1.34.2' });
    expect(condition(n, 'Ready')).toMatchObject({ status: 'True', reason: 'KubeletReady' });
    expect((n['status'] as { addresses: unknown[] }).addresses).toEqual([
      { address: '10.25.11.15', type: 'InternalIP' },
      { address: 'apps-02', type: 'Hostname' },
    ]);
  });

  it('writes LB services, the pool counts and the Cilium BGP objects shaped like the samples', () => {
    const { store } = setup();
    const svc = store.get('v1', 'Service', 'home', 'home-assistant')!;
    expect((svc['status'] as { loadBalancer: unknown }).loadBalancer).toEqual({ ingress: [{ ip: '10.25.11.121', ipMode: 'VIP' }] });
    const pool = store.get('cilium.io/v2', 'CiliumLoadBalancerIPPool', undefined, 'lb-pool-apps')!;
    expect(['cilium.io/IPsTotal', 'cilium.io/IPsAvailable', 'cilium.io/IPsUsed'].map((t) => (condition(pool, t) as unknown as { message: string }).message)).toEqual(['20', '18', '2']);
    const nodeConfig = store.get('cilium.io/v2', 'CiliumBGPNodeConfig', undefined, 'apps-02')!;
    const sample = fixture('cilium-bgpnodeconfig.v2.established.yaml');
    expect(shape(nodeConfig['status'])).toEqual(shape(sample['status']));
    expect(shape(nodeConfig['spec'])).toEqual(shape(sample['spec']));
    const owner = (nodeConfig.metadata['ownerReferences'] as { uid: string }[])[0]!;
    expect(owner.uid).toBe(store.get('cilium.io/v2', 'CiliumBGPClusterConfig', undefined, 'bgp-apps')!.metadata.uid);
    for (const [kind, name, file] of [
      ['CiliumBGPClusterConfig', 'bgp-apps', 'cilium-bgpclusterconfig.v2.yaml'],
      ['CiliumBGPPeerConfig', 'home-router', 'cilium-bgppeerconfig.v2.yaml'],
      ['CiliumBGPAdvertisement', 'lb-services', 'cilium-bgpadvertisement.v2.yaml'],
      ['CiliumLoadBalancerIPPool', 'lb-pool-apps', 'cilium-lbippool.v2.yaml'],
    ] as const) {
      const ours = store.get('cilium.io/v2', kind, undefined, name)!;
      const theirs = fixture(file);
      expect(shape({ spec: ours['spec'], status: ours['status'] }), kind).toEqual(shape({ spec: theirs['spec'], status: theirs['status'] }));
    }
  });

  it('bgp-down shows the peer active without establishedTime, like the active sample', () => {
    const { twin, store } = setup();
    twin.fault('bgp-down', 'apps-02');
    const status = store.get('cilium.io/v2', 'CiliumBGPNodeConfig', undefined, 'apps-02')!['status'];
    expect(shape(status)).toEqual(shape(fixture('cilium-bgpnodeconfig.v2.active.yaml')['status']));
    const peer = (status as { bgpInstances: { peers: Record<string, unknown>[] }[] }).bgpInstances[0]!.peers[0]!;
    expect(peer).toMatchObject({ peeringState: 'active', timers: { appliedHoldTimeSeconds: 0, appliedKeepaliveSeconds: 0 } });
  });

  it('node-unreachable: the Node goes Unknown after the grace and an Event says so', () => {
    const { twin, store, clock } = setup();
    twin.fault('node-unreachable', 'apps-03');
    expect(condition(store.get('v1', 'Node', undefined, 'apps-03'), 'Ready')?.status).toBe('True');
    clock.advance(40_000);
    expect(condition(store.get('v1', 'Node', undefined, 'apps-03'), 'Ready')).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown' });
    const events = store.list('v1', 'Event', 'default').map((e) => `${e['reason']} ${(e['involvedObject'] as { name: string }).name}`);
    expect(events).toContain('NodeNotReady apps-03');
    twin.heal('node-unreachable', 'apps-03');
    expect(condition(store.get('v1', 'Node', undefined, 'apps-03'), 'Ready')?.status).toBe('True');
  });

  it('reads a cordon made through the API back into the twin', () => {
    const { twin, store } = setup();
    store.mergePatch('v1', 'Node', undefined, 'apps-01', { spec: { unschedulable: true } });
    expect(twin.node('apps-01')!.cordoned).toBe(true);
    const spec = store.get('v1', 'Node', undefined, 'apps-01')!['spec'] as { unschedulable?: boolean; taints?: { key: string }[] };
    expect(spec.unschedulable).toBe(true);
    expect(spec.taints?.map((t) => t.key)).toEqual(['node.kubernetes.io/unschedulable']);
    twin.setCordoned('apps-01', false);
    expect((store.get('v1', 'Node', undefined, 'apps-01')!['spec'] as { unschedulable?: boolean }).unschedulable).toBeUndefined();
  });

  it('does not rewrite objects when nothing changed, and stops after detach', () => {
    const { twin, store, detach } = setup();
    const rv = store.resourceVersion();
    twin.emit({ kind: 'cluster', cluster: 'apps', what: 'nothing' });
    expect(store.resourceVersion()).toBe(rv);
    detach();
    twin.fault('bgp-down', 'apps-01');
    expect(store.resourceVersion()).toBe(rv);
  });
});
