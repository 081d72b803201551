/**
 * Issue 4 on the lab: `plat status`, `plat nodes` and node actions through the real adapters
 * (talosctl shim → control server, @kubernetes/client-node → lab API server).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../src/lab/index.js';
import { runPlat, type PlatRun } from '../support/plat.js';

let lab: Lab;
beforeAll(async () => {
  lab = await startLab({ scenario: 'healthy', timings: { notReadyGraceMs: 300, upgradeMs: 200, rebootMs: 200, bootMs: 300, kubeletStepMs: 100 } });
  expect(await lab.takeBackups()).toEqual([]);
});
afterAll(async () => {
  await lab?.stop();
});

const plat = (args: string[]) => runPlat(args, { env: { ...lab.env, HOME: lab.dir } });

async function until(args: string[], ok: (r: PlatRun) => boolean, what: string, timeoutMs = 60_000): Promise<PlatRun> {
  const deadline = Date.now() + timeoutMs;
  let last: PlatRun | undefined;
  while (Date.now() < deadline) {
    last = await plat(args);
    if (ok(last)) return last;
  }
  throw new Error(`timed out waiting for ${what}; last run (exit ${last?.code}):\n${last?.stdout}\n${last?.stderr}`);
}

const findings = (r: PlatRun) => (JSON.parse(r.stdout) as { findings: { rule: string; subject: string; what: string }[] }).findings;

describe('plat on the lab', () => {
  it('status: a healthy platform exits 0 with a verdict per cluster', async () => {
    const r = await plat(['status']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^infra {2}✓ healthy {2}3\/3 nodes Ready · Talos v1\.11\.5 · Kubernetes v1\.34\.2\n/);
    expect(r.stdout).toContain('apps   ✓ healthy');
  });

  it('a lab started with backups has one verified backup per cluster, taken by plat\'s own pipeline', async () => {
    const r = await plat(['backup', 'status', '-o', 'json']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const clusters = (JSON.parse(r.stdout) as { clusters: { cluster: string; stale: boolean; count: number; newest?: { file: string } }[] }).clusters;
    expect(clusters.map((c) => [c.cluster, c.stale, c.count])).toEqual([['infra', false, 1], ['apps', false, 1]]);
    for (const c of clusters) expect(c.newest?.file).toMatch(new RegExp(`^${c.cluster}/etcd-${c.cluster}-\\d{8}T\\d{6}Z-rev\\d+`));
  });

  it('nodes -o json gives the model: six nodes with Talos and kubelet versions, services and uptime', async () => {
    const r = await plat(['nodes', '-o', 'json']);
    expect(r.code).toBe(0);
    const nodes = (JSON.parse(r.stdout) as { clusters: { nodes: Record<string, unknown>[] }[] }).clusters.flatMap((c) => c.nodes);
    expect(nodes.map((n) => n.name)).toEqual(['infra-01', 'infra-02', 'infra-03', 'apps-01', 'apps-02', 'apps-03']);
    for (const n of nodes) {
      expect(n).toMatchObject({ talosReachable: true, talosVersion: 'v1.11.5', ready: true, stage: 'running' });
      expect(String(n.kubeletVersion)).toMatch(/^v1\.34\./);
      expect((n.services as { id: string }[]).map((s) => s.id)).toContain('etcd');
      expect(n.uptimeSeconds).toBeGreaterThanOrEqual(0);
    }
  });

  it('nodes: the table has one row per node', async () => {
    const r = await plat(['nodes', '--cluster', 'apps']);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^CLUSTER +NAME +IP +ROLE +TALOS +KUBERNETES +READY +UPTIME +UNHEALTHY SERVICES +STAGE$/);
    expect(lines.slice(1).map((l) => l.split(/ +/).slice(0, 3).join(' '))).toEqual(['apps apps-01 10.25.11.14', 'apps apps-02 10.25.11.15', 'apps apps-03 10.25.11.16']);
  });

  it('an unreachable node marks that node (exit 3), the rest keeps working; healing clears it', async () => {
    const f = await plat(['lab', 'fault', 'node-unreachable', 'infra-02']);
    expect(f.code, f.stderr).toBe(0);
    const r = await until(['status', '-o', 'json'], (x) => x.code === 3 && findings(x).some((y) => y.rule === 'node.not-ready'), 'infra-02 unreachable and NotReady');
    const fs = findings(r);
    expect(fs.find((x) => x.rule === 'node.talos-unreachable')).toMatchObject({ subject: 'infra-02', what: 'infra-02 does not answer the Talos API' });
    expect(fs.every((x) => x.subject.includes('infra-02') || x.rule.startsWith('talos.'))).toBe(true);
    const nodes = await plat(['nodes']);
    expect(nodes.stdout).toMatch(/infra +infra-02 +10\.25\.11\.12 +controlplane +unreachable/);
    expect(nodes.stdout).toMatch(/apps +apps-01 .*Ready/);
    await plat(['lab', 'heal', 'node-unreachable', 'infra-02']);
    await until(['status'], (x) => x.code === 0, 'healthy again');
  });

  it('etcd down on one member: exit 3 with the finding, and rebooting another control plane is refused with exit 5', async () => {
    await plat(['lab', 'fault', 'etcd-member-down', 'infra-03']);
    const r = await until(['status', '-o', 'json'], (x) => x.code === 3, 'etcd finding');
    expect(findings(r).map((x) => x.subject)).toContain('etcd on infra-03');
    const reboot = await plat(['node', 'infra-01', 'reboot', '--yes']);
    expect(reboot.code).toBe(5);
    expect(reboot.stderr).toContain('plat: refusing to reboot control-plane node infra-01 in infra: etcd on infra-03 is');
    expect(reboot.stderr).toContain('hint: taking infra-01 down now could cost etcd quorum');
    await plat(['lab', 'heal', 'etcd-member-down', 'infra-03']);
    await until(['status'], (x) => x.code === 0, 'healthy again');
  });

  it('version skew: a kubelet two minors behind is a finding', async () => {
    const node = lab.twin.node('apps-03')!;
    const before = node.kubeletVersion;
    lab.twin.setKubeletVersion(node, 'v1.32.3');
    try {
      const r = await until(['status', '-o', 'json'], (x) => findings(x).some((y) => y.rule === 'kube.kubelet-skew'), 'kubelet skew');
      expect(r.code).toBe(3);
      expect(findings(r).find((y) => y.rule === 'kube.kubelet-skew')!.what).toBe('kubelet v1.32.3 on apps-03 is 2 minors behind the control plane v1.34.2');
    } finally {
      lab.twin.setKubeletVersion(node, before);
    }
  });

  it('reboot without --yes and without a terminal refuses to act', async () => {
    const r = await plat(['node', 'apps-01', 'reboot']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('needs confirmation and there is no terminal to ask on');
    expect(r.stderr).toContain('hint: pass --yes');
  });

  it('--readonly removes the action: exit 5, nothing changed', async () => {
    const r = await plat(['node', 'apps-01', 'reboot', '--yes', '--readonly']);
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('refusing to reboot apps-01: cluster apps is read-only');
  });

  it('reboot --wait follows the node until it is Ready again', async () => {
    const r = await plat(['node', 'apps-03', 'reboot', '--yes', '--wait']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('apps-03 is back and Ready');
  });

  it('node services and logs go to that one node', async () => {
    const svc = await plat(['node', 'apps-01', 'services']);
    expect(svc.code).toBe(0);
    expect(svc.stdout.split('\n')[0]).toMatch(/^SERVICE +STATE +HEALTH +LAST CHANGE +LAST EVENT$/);
    expect(svc.stdout).toMatch(/\netcd +Running +OK /);
    const logs = await plat(['node', 'apps-01', 'logs', 'kubelet', '--tail', '3']);
    expect(logs.code, logs.stderr).toBe(0);
    const lines = logs.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.length).toBeLessThanOrEqual(3);
    expect(logs.stdout).not.toContain('10.25.11.14:'); // the node prefix talosctl adds is stripped
  });

  it('an unknown node is a usage error listing the nodes', async () => {
    const r = await plat(['node', 'apps-09', 'services']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('plat: unknown node "apps-09"\nhint: nodes in plat.yaml: infra-01, infra-02, infra-03, apps-01, apps-02, apps-03\n');
  });
});
