/**
 * The network views on the lab, through plat's real adapters: talosctl (the lab's stand-in on
 * PATH), the Kubernetes API (the lab's server, @kubernetes/client-node) and the router (the lab's
 * SSH stand-in, ssh2). Faults are injected into the twin and must show up as findings.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type PlatConfig } from '../../src/config/index.js';
import { startLab, type Lab } from '../../src/lab/index.js';
import { collectBgp, collectBonds, collectNetwork, collectPools, bgpRows, bondRows, netSources, networkItems, type NetSources } from '../../src/network/index.js';

let lab: Lab;
let config: PlatConfig;
let env: NodeJS.ProcessEnv;
const opened: NetSources[] = [];

function sources(): NetSources {
  const s = netSources(config, env);
  opened.push(s);
  return s;
}
const rules = (fs: { severity: string; rule: string; subject: string }[]) => fs.map((f) => `${f.severity} ${f.rule} ${f.subject}`);

beforeAll(async () => {
  lab = await startLab({ scenario: 'healthy' });
  env = { ...process.env, ...lab.env, HOME: lab.dir };
  config = loadConfig({ flag: lab.env.PLAT_CONFIG, env, cwd: lab.dir }).config;
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
  for (const f of lab.twin.activeFaults()) lab.twin.heal(f.fault, f.target);
});

afterAll(async () => {
  await lab?.stop();
});

// Every talosctl call here is a process (one per node for `read`); from sources the lab's shim
// starts through tsx, so these calls take seconds, not milliseconds.
describe('bonds on the lab', { timeout: 90_000 }, () => {
  it('healthy: six bonds, two 10G slaves each, LACP fast and active, MTU 9000, no findings', async () => {
    const r = await collectBonds(config, config.clusters, sources(), { now: () => lab.twin.clock.now() });
    expect(r.findings).toEqual([]);
    const rows = bondRows(r);
    expect(rows.map((x) => x.node)).toEqual(['infra-01', 'infra-02', 'infra-03', 'apps-01', 'apps-02', 'apps-03']);
    for (const row of rows) expect(row).toMatchObject({ state: '✓ up', mtu: '9000', lacp: 'fast, active on, agg 1 2/2' });
    expect(rows[0]!.slaves).toMatch(/^\S+ up 10G, \S+ up 10G$/);
    const nb = r.clusters[1]!.nodes[1]!;
    expect(nb.talosVersion).toBe('v1.11.5');
    expect(nb.links?.slaves).toHaveLength(2);
    expect(nb.procfs?.notes).toEqual([]);
  });

  it('bond-slave-down, lacp-partner-lost and mtu-wrong each show up on their node', async () => {
    lab.twin.fault('bond-slave-down', 'apps-02');
    lab.twin.fault('lacp-partner-lost', 'infra-03');
    lab.twin.fault('mtu-wrong', 'apps-01');
    const r = await collectBonds(config, config.clusters, sources());
    expect(rules(r.findings)).toEqual([
      'warning bond.mtu bond0 on apps-01',
      'warning bond.slave-down bond0 on apps-02',
      'warning bond.no-partner bond0 on infra-03',
      'warning bond.split-aggregator bond0 on infra-03',
    ]);
    const down = r.findings.find((f) => f.rule === 'bond.slave-down')!;
    expect(down.what).toMatch(/^bond0 on apps-02: slave \S+ MII down, 1 link failure$/);
  });

  it('link failures that grew since the previous look', async () => {
    const src = sources();
    const first = await collectBonds(config, config.clusters, src);
    lab.twin.fault('bond-slave-down', 'apps-02');
    const second = await collectBonds(config, config.clusters, src, { previous: first.looks });
    expect(rules(second.findings)).toEqual(['warning bond.slave-down bond0 on apps-02', 'warning bond.link-failures-grew bond0 on apps-02']);
  });

  it('--cluster selection reads only that cluster', async () => {
    const r = await collectBonds(config, config.clusters.filter((c) => c.name === 'apps'), sources());
    expect(r.clusters.map((c) => c.cluster)).toEqual(['apps']);
  });
});

describe('BGP on the lab: Cilium and router side by side', () => {
  it('healthy: every node Established on both sides, no findings', async () => {
    const v = await collectBgp(config, config.clusters, sources());
    expect(v.findings).toEqual([]);
    expect(v.router?.error).toBeUndefined();
    expect(v.pairs).toHaveLength(6);
    for (const p of v.pairs) {
      expect(p.cilium?.session.state).toBe('Established');
      expect(p.router?.state).toBe('Established');
      expect(p.router?.peerAddress).toBe(p.nodeIp);
    }
    const row = bgpRows(v).find((r) => r.node === 'infra-01')!;
    expect(row).toMatchObject({ nodeIp: '10.25.11.11', peer: '10.25.11.1', ciliumTone: 'ok', routerTone: 'ok' });
    expect(row.cilium).toMatch(/^Established \S+, adv \d+ rcv \d+, hold 90s$/);
    expect(row.router).toMatch(/^Established \S+, rcv \d+ adv \d+, hold 90s$/);
  });

  it('bgp-down on apps-02: down on both sides, and the advertised count Cilium keeps is set aside', async () => {
    lab.twin.fault('bgp-down', 'apps-02');
    const v = await collectBgp(config, config.clusters, sources());
    expect(rules(v.findings)).toEqual(['critical bgp.down BGP apps-02 ↔ 10.25.11.1', 'info bgp.advertised-ignored BGP apps-02 ↔ 10.25.11.1']);
    expect(v.findings[0]!.why).toMatch(/^Cilium: active; router: Active since/);
  });

  it('router unreachable: a typed error on the router side only; the cluster side still shows', async () => {
    const dead = { ...config, router: { ...config.router!, port: 1 } };
    const s = netSources(dead, env);
    opened.push(s);
    const v = await collectBgp(dead, dead.clusters, s);
    expect(v.router?.error?.kind).toBe('SshUnreachable');
    expect(v.pairs.every((p) => p.cilium?.session.state === 'Established')).toBe(true);
    expect(rules(v.findings)).toEqual(['warning bgp.router-unread router 127.0.0.1:1']);
    expect(bgpRows(v)[0]).toMatchObject({ router: '? unread' });
  });

  it('a legacy CiliumBGPPeeringPolicy is recognised: status not available', async () => {
    const store = lab.kube.get('infra')!.store;
    store.upsert({
      apiVersion: 'cilium.io/v2alpha1',
      kind: 'CiliumBGPPeeringPolicy',
      metadata: { name: 'bgp-legacy' },
      spec: { nodeSelector: {}, virtualRouters: [{ localASN: 64512, neighbors: [{ peerAddress: '10.25.11.1/32', peerASN: 64501 }] }] },
    });
    try {
      const v = await collectBgp(config, config.clusters, sources());
      expect(v.findings.map((f) => f.what)).toEqual(['infra: BGP set by the legacy CiliumBGPPeeringPolicy bgp-legacy: status not available with the legacy policy']);
    } finally {
      store.delete('cilium.io/v2alpha1', 'CiliumBGPPeeringPolicy', undefined, 'bgp-legacy');
    }
  });
});

describe('LB pools on the lab', () => {
  it('healthy: two disjoint pools with their counts, every Service has an IP', async () => {
    const r = await collectPools(config, config.clusters, sources());
    expect(r.findings).toEqual([]);
    expect(r.clusters.map((c) => c.pools?.map((p) => [p.name, p.total, p.used]))).toEqual([[['lb-pool-infra', 20, 3]], [['lb-pool-apps', 20, 2]]]);
    expect(r.clusters.flatMap((c) => c.services ?? []).every((s) => s.ips.length === 1)).toBe(true);
  });

  it('pools overlapping across clusters and one IP in both clusters are critical in both', async () => {
    const store = lab.kube.get('apps')!.store;
    const pool = store.get('cilium.io/v2', 'CiliumLoadBalancerIPPool', undefined, 'lb-pool-apps')!;
    const svc = store.list('v1', 'Service').find((s) => (s.spec as { type?: string } | undefined)?.type === 'LoadBalancer')!;
    const before = { pool: structuredClone(pool), svc: structuredClone(svc) };
    store.mergePatch('cilium.io/v2', 'CiliumLoadBalancerIPPool', undefined, 'lb-pool-apps', { spec: { blocks: [{ start: '10.25.11.110', stop: '10.25.11.139' }] } });
    store.setStatus('v1', 'Service', svc.metadata.namespace, svc.metadata.name, { loadBalancer: { ingress: [{ ip: '10.25.11.100', ipMode: 'VIP' }] } });
    try {
      const r = await collectPools(config, config.clusters, sources());
      expect(rules(r.findings)).toEqual([
        'critical pool.overlap pool lb-pool-apps',
        `critical pool.ip-in-both service ${svc.metadata.namespace}/${svc.metadata.name}`,
        'critical pool.overlap pool lb-pool-infra',
        'critical pool.ip-in-both service ingress/ingress-nginx',
      ]);
      // Only apps selected: the overlap with infra's plat.yaml pool is still seen.
      const apps = await collectPools(config, config.clusters.filter((c) => c.name === 'apps'), sources());
      expect(rules(apps.findings)).toEqual(['critical pool.overlap pool lb-pool-apps']);
    } finally {
      store.upsert(before.pool);
      store.upsert(before.svc);
    }
  });
});

describe('the dashboard snapshot on the lab', { timeout: 90_000 }, () => {
  it('all three views at once, one router connection across looks, previous looks carried over', async () => {
    const src = sources();
    const first = await collectNetwork(config, config.clusters, src);
    expect(first.findings).toEqual([]);
    expect(networkItems(first).map((i) => [i.key, i.bond?.row.state, i.sessions.map((x) => x.row.routerTone)])).toEqual([
      ['infra/infra-01', '✓ up', ['ok']], ['infra/infra-02', '✓ up', ['ok']], ['infra/infra-03', '✓ up', ['ok']],
      ['apps/apps-01', '✓ up', ['ok']], ['apps/apps-02', '✓ up', ['ok']], ['apps/apps-03', '✓ up', ['ok']],
    ]);
    lab.twin.fault('bond-slave-down', 'infra-01');
    lab.twin.fault('bgp-down', 'infra-01');
    const second = await collectNetwork(config, config.clusters, src, { previous: first });
    expect(rules(second.findings)).toEqual([
      'warning bond.slave-down bond0 on infra-01',
      'warning bond.link-failures-grew bond0 on infra-01',
      'critical bgp.down BGP infra-01 ↔ 10.25.11.1',
      'info bgp.advertised-ignored BGP infra-01 ↔ 10.25.11.1',
    ]);
    expect(src.router?.opened).toBe(1);
  });
});
