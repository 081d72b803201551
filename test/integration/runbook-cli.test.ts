/**
 * `plat runbook …` and `plat upgrade …` as a user runs them (the built CLI): bad runbooks give
 * file:line errors (exit 2), refusals exit 5, and a generated runbook takes a backup first.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../src/lab/index.js';
import { runPlat, tempDir } from '../support/plat.js';

describe('bad runbooks', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());
  const config = join(tmp.dir, 'plat.yaml');
  writeFileSync(config, 'clusters:\n  - name: infra\n    id: 1\n    nodes:\n      - { name: infra-01, ip: 10.25.11.11 }\n');
  const plat = (args: string[]) => runPlat(args, { cwd: tmp.dir, env: { PLAT_CONFIG: config } });

  it('unknown step kind, missing field, bad version string: one line each with file:line, exit 2', async () => {
    writeFileSync(join(tmp.dir, 'bad.yaml'), ['name: bad', 'cluster: infra', 'steps:', '  - kind: reboot', '  - kind: talos-upgrade', '  - kind: k8s-upgrade', '    to: v1.35', ''].join('\n'));
    for (const cmd of ['plan', 'run']) {
      const r = await plat(['runbook', cmd, 'bad.yaml']);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(
        [
          'plat: bad.yaml has 3 problems',
          '  bad.yaml:4:11 steps[0].kind: unknown step kind "reboot"; expected one of: gate, backup, talos-upgrade, k8s-upgrade, flux-reconcile, wait, pause, exec',
          '  bad.yaml:5:5 steps[1].image: is required (an installer image with a version tag (like ghcr.io/siderolabs/installer:v1.12.7))',
          '  bad.yaml:7:9 steps[2].to: "v1.35" is not a Kubernetes version (like 1.35.3)',
          'hint: fix the lines shown, then: plat runbook plan bad.yaml',
          '',
        ].join('\n'),
      );
    }
  });

  it('a missing file, and steps that need consent', async () => {
    expect((await plat(['runbook', 'plan', 'nope.yaml'])).stderr).toBe('plat: cannot read runbook nope.yaml: no such file\nhint: give the path of a runbook YAML file\n');
    writeFileSync(join(tmp.dir, 'exec.yaml'), 'name: e\ncluster: infra\nsteps:\n  - kind: exec\n    command: [kubectl, get, nodes]\n');
    const r = await plat(['runbook', 'run', 'exec.yaml', '--yes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('plat: exec.yaml: step 1 (line 4) runs a command (kubectl get nodes): pass --allow-exec to let it\n');
  });

  it('plat upgrade checks its flags before anything else', async () => {
    const a = await plat(['upgrade', 'talos', '--image', 'ghcr.io/siderolabs/installer:v1.12.0']);
    expect([a.code, a.stderr]).toEqual([2, 'plat: say which cluster: --cluster <name>\nhint: clusters in plat.yaml: infra\n']);
    const b = await plat(['upgrade', 'talos', '--cluster', 'infra', '--image', 'ghcr.io/siderolabs/installer:latest']);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('plat: --image "ghcr.io/siderolabs/installer:latest" is not an installer image with a version tag\n');
    const c = await plat(['upgrade', 'k8s', '--cluster', 'infra', '--to', '1.35']);
    expect([c.code, c.stderr]).toEqual([2, 'plat: --to "1.35" is not a Kubernetes version\nhint: like 1.35.3\n']);
  });

  it('runbook status <id> reads only that run\'s journal; an unknown id names the latest runs', async () => {
    const runs = join(tmp.dir, '.local', 'state', 'plat', 'runs');
    mkdirSync(runs, { recursive: true });
    const id = '20261127T120000Z-infra-infra-backup-0001';
    const runbook = { name: 'infra-backup', cluster: 'infra', gates: [], steps: [{ kind: 'backup' }] };
    const events = [
      { type: 'run-start', runbook, file: 'rb.yaml', sha256: 'ab', stepLines: [4], cluster: 'infra', units: [{ unit: 's1', step: 1, kind: 'backup', title: 'etcd backup of infra' }], pid: 1, host: 'h', command: 'plat runbook run rb.yaml' },
      { type: 'unit-start', unit: 's1', kind: 'backup', title: 'etcd backup of infra' },
      { type: 'unit-end', unit: 's1', result: 'ok', message: 'stored x', ms: 2000 },
      { type: 'run-end', result: 'ok', exitCode: 0, message: 'all 1 units done' },
    ];
    writeFileSync(join(runs, `${id}.jsonl`), events.map((e, i) => `${JSON.stringify({ at: `2026-11-27T12:00:0${i}.000Z`, run: id, ...e })}\n`).join(''));
    // a newer run whose journal a crash cut short: listed first, but not the run asked for
    writeFileSync(join(runs, '20261127T130000Z-infra-torn-0002.jsonl'), '{"at":"2026-11-27T13:0\n');

    const s = await plat(['runbook', 'status', id]);
    expect([s.code, s.stderr]).toEqual([0, '']);
    expect(s.stdout).toMatch(/^✓ done {2}infra-backup on infra {2}1\/1 done {2}started 12:00 UTC /);
    expect(s.stdout).not.toContain('torn');
    const all = await plat(['runbook', 'status']);
    expect(all.stdout).toContain(`▲ ${runs}/20261127T130000Z-infra-torn-0002.jsonl: `);

    const u = await plat(['runbook', 'status', 'nope']);
    expect([u.code, u.stdout, u.stderr]).toEqual([2, '', `plat: no run "nope" in ${runs}\nhint: latest runs: 20261127T130000Z-infra-torn-0002, ${id} (plat runbook status lists them)\n`]);
  });
});

describe('on the lab', () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await startLab({ scenario: 'healthy', timings: { notReadyGraceMs: 2000, upgradeMs: 600, rebootMs: 400, bootMs: 600, kubeletStepMs: 100 } });
  });
  afterAll(async () => {
    await lab?.stop();
  });
  const plat = (args: string[]) => runPlat(args, { env: { ...lab.env, HOME: lab.dir }, timeoutMs: 120_000 });

  it('plat upgrade talos --nodes: the gates, a backup first, then the node; -o jsonl events; runbook status shows the run', async () => {
    const r = await plat(['upgrade', 'talos', '--cluster', 'apps', '--image', 'ghcr.io/siderolabs/installer:v1.12.0', '--nodes', 'apps-02', '--timeout', '5m', '--yes', '-o', 'jsonl']);
    expect(r.code, r.stderr).toBe(0);
    const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; unit?: string; result?: string; runbook?: { name: string } });
    expect(events[0]).toMatchObject({ type: 'run-start', runbook: { name: 'talos-v1.12.0' } });
    expect(events.filter((e) => e.type === 'unit-end').map((e) => [e.unit, e.result])).toEqual([['s1', 'ok'], ['s2/apps-02', 'ok']]);
    expect(events.at(-1)).toMatchObject({ type: 'result', result: 'ok', exitCode: 0 });
    expect(lab.twin.cluster('apps')!.nodes.map((n) => n.talosVersion)).toEqual(['v1.11.5', 'v1.12.0', 'v1.11.5']);

    const s = await plat(['runbook', 'status']);
    expect(s.code).toBe(0);
    expect(s.stdout.split('\n')[0]).toMatch(/^✓ done {2}talos-v1\.12\.0 on apps {2}2\/2 done {2}started /);
  });

  it('--plan prints node by node and changes nothing; a failing gate refuses with exit 5; --readonly refuses', async () => {
    const p = await plat(['upgrade', 'talos', '--cluster', 'infra', '--image', 'ghcr.io/siderolabs/installer:v1.12.0', '--plan']);
    expect(p.code, p.stderr).toBe(0);
    expect(p.stdout).toContain('step 2: upgrade Talos to v1.12.0 on infra-01, infra-02, infra-03\n');
    expect(p.stdout).toMatch(/ {2}s2\/infra-0\d {2}v1\.11\.5 → v1\.12\.0 \(controlplane; etcd leader, goes last\)\n {2}· one node at a time/);
    expect(p.stdout.trimEnd().split('\n').at(-1)).toBe('a run now would start; nothing was changed');

    lab.twin.fault('etcd-member-down', 'infra-03');
    try {
      const plan = await plat(['upgrade', 'talos', '--cluster', 'infra', '--image', 'ghcr.io/siderolabs/installer:v1.12.0', '--plan']);
      expect(plan.code).toBe(5);
      expect(plan.stdout).toContain('  ✗ etcd-healthy: etcd on infra-03 does not answer');
      // -o json: the same plan as data, as runbook plan prints it; scripts read why it was refused.
      const json = await plat(['upgrade', 'talos', '--cluster', 'infra', '--image', 'ghcr.io/siderolabs/installer:v1.12.0', '--plan', '-o', 'json']);
      expect(json.code).toBe(5);
      const report = JSON.parse(json.stdout) as { refused: unknown[] };
      expect(report.refused.length).toBeGreaterThan(0);
      expect(JSON.stringify(report.refused)).toContain('etcd on infra-03 does not answer');
      const r = await plat(['upgrade', 'talos', '--cluster', 'infra', '--image', 'ghcr.io/siderolabs/installer:v1.12.0', '--yes']);
      expect(r.code).toBe(5);
      expect(r.stderr).toMatch(/\nplat: gate before s1 refused: .*etcd-healthy: etcd on infra-03 does not answer/);
      expect(r.stderr).toMatch(/\nhint: nothing more was changed; fix .*etcd-healthy, then plat runbook resume \d{8}T\d{6}Z-infra-talos-v1-12-0-[0-9a-f]{4}\n$/);
    } finally {
      lab.twin.heal('etcd-member-down', 'infra-03');
    }
    expect(lab.twin.cluster('infra')!.nodes.map((n) => n.talosVersion)).toEqual(['v1.11.5', 'v1.11.5', 'v1.11.5']);

    const ro = await plat(['upgrade', 'k8s', '--cluster', 'infra', '--to', '1.35.0', '--yes', '--readonly']);
    expect([ro.code, ro.stderr]).toEqual([5, 'plat: refusing to run kubernetes-1.35.0: cluster infra is read-only\nhint: drop --readonly, or set readOnly: false for this cluster in plat.yaml\n']);
  });
});
