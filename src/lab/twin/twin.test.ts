import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { UserError } from '../../errors/index.js';
import { FAULT_NAMES, loadScenario, Twin, type TwinNode } from './index.js';

function healthyTwin(clock = new ManualClock()) {
  return { clock, twin: new Twin(loadScenario('healthy'), { clock, timings: { upgradeMs: 4000, rebootMs: 3000, bootMs: 5000, notReadyGraceMs: 40_000 } }) };
}

/** Everything a fault may touch, as plain data (services' event history grows and is excluded). */
function observable(n: TwinNode) {
  return JSON.stringify({
    bond: n.bond,
    bgp: { state: n.bgp.state, advertised: n.bgp.advertised },
    etcd: n.etcd,
    kubeReady: n.kubeReady,
    stage: n.stage,
    services: n.services.map((s) => [s.id, s.state, s.health]),
    faults: [...n.faults],
  });
}

describe('Twin seeded from the healthy scenario', () => {
  it('has the platform of DESIGN.md', () => {
    const { twin } = healthyTwin();
    expect(twin.clusters().map((c) => [c.name, c.asn, c.nodes.map((n) => `${n.name}=${n.ip}`).join(',')])).toEqual([
      ['infra', 64512, 'infra-01=10.25.11.11,infra-02=10.25.11.12,infra-03=10.25.11.13'],
      ['apps', 64513, 'apps-01=10.25.11.14,apps-02=10.25.11.15,apps-03=10.25.11.16'],
    ]);
    const n = twin.node('10.25.11.15')!;
    expect(n.name).toBe('apps-02');
    expect(n.bond).toMatchObject({ mode: '802.3ad', xmitHashPolicy: 'layer3+4', lacpRate: 'fast', miimon: 100, adLacpActive: 'on', mtu: 9000 });
    expect(n.bond.slaves.map((s) => s.name)).toEqual(['enp1s0f0', 'enp1s0f1']);
    expect(n.bgp.state).toBe('Established');
    expect(twin.nodes().every((x) => x.kubeReady === 'True' && x.stage === 'running')).toBe(true);
  });

  it('gives the router one neighbor per node with the cluster ASN', () => {
    const { twin } = healthyTwin();
    const model = twin.routerModel();
    expect(model).toMatchObject({ routerId: '10.25.11.1', localAs: 64501 });
    const ns = model.neighbors();
    expect(ns.map((x) => `${x.peerAddress}/${x.remoteAs}/${x.state}`)).toEqual([
      '10.25.11.11/64512/Established',
      '10.25.11.12/64512/Established',
      '10.25.11.13/64512/Established',
      '10.25.11.14/64513/Established',
      '10.25.11.15/64513/Established',
      '10.25.11.16/64513/Established',
    ]);
    expect(ns[0]!.prefixesReceived).toBe(3); // the infra cluster's three LB services
  });
});

describe('faults', () => {
  it.each(FAULT_NAMES.filter((f) => f !== 'flux-failing'))('%s on infra-02 heals back to the original state', (fault) => {
    const { twin } = healthyTwin();
    const node = twin.node('infra-02')!;
    const before = observable(node);
    twin.fault(fault, 'infra-02');
    expect(observable(node)).not.toBe(before);
    twin.heal(fault, 'infra-02');
    expect(observable(node)).toBe(before);
    expect(twin.activeFaults()).toEqual([]);
  });

  it('bond-slave-down takes the second member down in every view', () => {
    const { twin } = healthyTwin();
    twin.fault('bond-slave-down', 'apps-02');
    const [a, b] = twin.node('apps-02')!.bond.slaves;
    expect(a).toMatchObject({ mii: 'up', aggregatorId: 1 });
    expect(b).toMatchObject({ mii: 'down', aggregatorId: 2, linkFailures: 1, partnerMac: '00:00:00:00:00:00' });
  });

  it('etcd-member-down fails the service and moves leadership when the leader goes down', () => {
    const { twin } = healthyTwin();
    const infra = twin.cluster('infra')!;
    const leader = infra.etcd.leader;
    const term = infra.etcd.raftTerm;
    twin.fault('etcd-member-down', leader);
    const svc = twin.node(leader)!.services.find((s) => s.id === 'etcd')!;
    expect([svc.state, svc.health]).toEqual(['Failed', 'Fail']);
    expect(infra.etcd.leader).not.toBe(leader);
    expect(infra.etcd.raftTerm).toBe(term + 1);
  });

  it('node-unreachable turns the Kubernetes node Unknown only after the grace period', () => {
    const { twin, clock } = healthyTwin();
    twin.fault('node-unreachable', 'apps-03');
    const n = twin.node('apps-03')!;
    expect(twin.apiState(n)).toBe('no-route');
    expect(n.bgp.state).toBe('Active');
    expect(n.kubeReady).toBe('True');
    clock.advance(39_000);
    expect(n.kubeReady).toBe('True');
    clock.advance(1_000);
    expect(n.kubeReady).toBe('Unknown');
  });

  it('flux-failing records the Flux object and announces it', () => {
    const { twin } = healthyTwin();
    const seen: string[] = [];
    twin.onChange((c) => c.kind === 'fault' && seen.push(`${c.fault} ${c.target} ${c.active}`));
    twin.fault('flux-failing', 'ks/flux-system/cert-manager');
    expect(twin.fluxFaults()).toEqual([{ kind: 'ks', fluxKind: 'Kustomization', namespace: 'flux-system', name: 'cert-manager' }]);
    twin.heal('flux-failing', 'ks/flux-system/cert-manager');
    expect(seen).toEqual(['flux-failing ks/flux-system/cert-manager true', 'flux-failing ks/flux-system/cert-manager false']);
  });

  it('rejects unknown faults and targets with the valid ones', () => {
    const { twin } = healthyTwin();
    expect(() => twin.fault('disk-full', 'infra-01')).toThrow(UserError);
    expect(() => twin.fault('disk-full', 'infra-01')).toThrow(/unknown fault "disk-full": valid faults are node-unreachable, bond-slave-down, .*flux-failing/);
    expect(() => twin.fault('bgp-down', 'infra-9')).toThrow('unknown node "infra-9" for bgp-down: valid targets are infra-01, infra-02, infra-03, apps-01, apps-02, apps-03');
    expect(() => twin.fault('flux-failing', 'cert-manager')).toThrow(/use ks\/<namespace>\/<name> or hr\/<namespace>\/<name>/);
    expect(() => twin.heal('bgp-down', 'infra-01')).toThrow('bgp-down is not active on infra-01 (active: none)');
  });

  it('checks flux-failing targets against the known Flux objects when given', () => {
    const twin = new Twin(loadScenario('healthy'), { clock: new ManualClock(), fluxTargets: () => ['ks/flux-system/cilium'] });
    expect(() => twin.fault('flux-failing', 'ks/flux-system/nope')).toThrow(/known objects: ks\/flux-system\/cilium/);
  });
});

describe('dynamics', () => {
  it('upgrade: cordon, upgrading, rebooting (NotReady, etcd down, BGP Active), back on the new version', () => {
    const { twin, clock } = healthyTwin();
    const n = twin.node('infra-02')!;
    const boot = n.bootId;
    twin.upgrade(n, 'v1.12.0');
    expect(n.stage).toBe('upgrading');
    clock.advance(1000);
    expect(n.cordoned).toBe(true);
    clock.advance(3000);
    expect(n.stage).toBe('rebooting');
    expect(n.kubeReady).toBe('Unknown');
    expect(n.bgp.state).toBe('Active');
    expect(twin.etcdHealthy(n)).toBe(false);
    expect(twin.apiState(n)).toBe('refused');
    clock.advance(3000);
    expect(n.stage).toBe('booting');
    expect(n.talosVersion).toBe('v1.12.0');
    expect(n.bootId).not.toBe(boot);
    clock.advance(5000);
    expect(n.stage).toBe('running');
    expect([n.kubeReady, n.cordoned, n.bgp.state, twin.etcdHealthy(n)]).toEqual(['True', false, 'Established', true]);
    expect(n.bgp.established).toBe(2);
  });

  it('shutdown powers the node off until powerOn', () => {
    const { twin, clock } = healthyTwin();
    const n = twin.node('apps-01')!;
    twin.shutdown(n);
    clock.advance(2000);
    expect(n.stage).toBe('off');
    expect(twin.apiState(n)).toBe('no-route');
    twin.powerOn(n);
    clock.advance(5000);
    expect(n.stage).toBe('running');
  });

  it('dispose cancels pending timers', () => {
    const { twin, clock } = healthyTwin();
    twin.reboot(twin.node('apps-01')!);
    expect(clock.pending()).toBeGreaterThan(0);
    twin.dispose();
    expect(clock.pending()).toBe(0);
  });
});
