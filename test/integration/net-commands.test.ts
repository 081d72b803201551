/**
 * `plat net bonds|bgp|pools` as a user runs them (the built bin/plat.js) against the lab: tables by
 * default, the model with -o json|yaml, exit 3 when a finding is a warning or worse.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startLab, type Lab } from '../../src/lab/index.js';
import { runPlat } from '../support/plat.js';

let lab: Lab;
const plat = (...args: string[]) => runPlat(args, { env: { ...lab.env }, cwd: lab.dir, timeoutMs: 90_000 });

beforeAll(async () => {
  lab = await startLab({ scenario: 'healthy' });
});
afterEach(() => {
  for (const f of lab.twin.activeFaults()) lab.twin.heal(f.fault, f.target);
});
afterAll(async () => {
  await lab?.stop();
});

describe('plat net', { timeout: 120_000 }, () => {
  it('bgp: both views side by side, the router line, no findings, exit 0', async () => {
    const r = await plat('net', 'bgp', '--no-color');
    expect([r.code, r.stderr]).toEqual([0, '']);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^CLUSTER\s+NODE\s+NODE IP\s+PEER\s+CILIUM \(NODE → PEER\)\s+ROUTER \(NEIGHBOR → NODE\)$/);
    expect(lines.filter((l) => / 10\.25\.11\.1 /.test(l))).toHaveLength(6);
    expect(lines.find((l) => l.startsWith('apps ') && l.includes('apps-02'))).toMatch(/^apps\s+apps-02\s+10\.25\.11\.15\s+10\.25\.11\.1\s+Established \S+, adv \d+ rcv \d+, hold 90s\s+Established \S+, rcv \d+ adv \d+, hold 90s$/);
    expect(r.stdout).toMatch(/^router 127\.0\.0\.1:\d+ \(frr\): 6 neighbors read$/m);
    expect(r.stdout).toContain('✓ no findings');
  });

  it('bgp with a session down: the finding with what, why and do, exit 3; -o json prints the model', async () => {
    lab.twin.fault('bgp-down', 'apps-02');
    const r = await plat('net', 'bgp', '--no-color');
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('✗ critical  apps  BGP apps-02 ↔ 10.25.11.1 not established');
    expect(r.stdout).toMatch(/why: Cilium: active; router: Active since \d\d:\d\d UTC/);
    expect(r.stdout).toContain('do:  check that the router has neighbor 10.25.11.15 with remote-as 64513');
    const j = await plat('net', 'bgp', '-o', 'json');
    expect(j.code).toBe(3);
    const model = JSON.parse(j.stdout) as { pairs: { node: string; cilium: { session: { state: string } }; router: { state: string } }[]; findings: { rule: string }[] };
    const apps02 = model.pairs.find((p) => p.node === 'apps-02')!;
    expect([apps02.cilium.session.state, apps02.router.state]).toEqual(['Active', 'Active']);
    expect(model.findings.map((f) => f.rule)).toEqual(['bgp.down', 'bgp.advertised-ignored']);
  });

  it('bonds: a table per node; --cluster apps -o yaml prints only apps; a slave down exits 3', async () => {
    const ok = await plat('net', 'bonds', '--no-color');
    expect(ok.code).toBe(0);
    expect(ok.stdout.split('\n')[0]).toMatch(/^CLUSTER\s+NODE\s+BOND\s+STATE\s+SLAVES\s+LACP\s+MTU$/);
    expect(ok.stdout).toMatch(/^infra\s+infra-01\s+bond0\s+✓ up\s+\S+ up 10G, \S+ up 10G\s+fast, active on, agg 1 2\/2\s+9000$/m);

    const y = await plat('net', 'bonds', '--cluster', 'apps', '-o', 'yaml');
    const model = parse(y.stdout) as { clusters: { cluster: string; nodes: { node: string }[] }[]; findings: unknown[]; looks?: unknown };
    expect(model.clusters.map((c) => c.cluster)).toEqual(['apps']);
    expect(model.clusters[0]!.nodes.map((n) => n.node)).toEqual(['apps-01', 'apps-02', 'apps-03']);
    expect(model.looks).toBeUndefined();

    lab.twin.fault('bond-slave-down', 'apps-02');
    const bad = await plat('net', 'bonds', '--no-color', '--cluster', 'apps');
    expect(bad.code).toBe(3);
    expect(bad.stdout).toMatch(/^apps\s+apps-02\s+bond0\s+▲ degraded\s+/m);
    // The previous run's look was kept in stateDir: the failure count grew since then.
    expect(bad.stdout).toMatch(/▲ warning   apps  bond0 on apps-02: link failures of \S+ grew 0 → 1/);
    expect(bad.stdout).toMatch(/▲ warning   apps  bond0 on apps-02: slave \S+ MII down, 1 link failure/);
  });

  it('pools: pools and LoadBalancer Services of both clusters', async () => {
    const r = await plat('net', 'pools', '--no-color');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^infra\s+lb-pool-infra\s+10\.25\.11\.100-10\.25\.11\.119\s+3\/20\s+✓ ok$/m);
    expect(r.stdout).toMatch(/^apps\s+ingress\/ingress-nginx\s+10\.25\.11\.120\s+✓ assigned$/m);
  });

  it('an unknown view is a usage error', async () => {
    const r = await plat('net', 'routes');
    expect(r.code).toBe(2);
  });
});
