/**
 * The other step kinds on the lab, time injected: upgrade-k8s after its dry run, Flux through a
 * fake FluxPort (the Flux room is wired by the lead), pause and exec, and Ctrl-C between nodes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ClusterConfig } from '../../src/config/index.js';
import { parseRunbook, resumeRun, startRun, type FluxNotReady, type FluxPort, type RunEvent } from '../../src/upgrade/index.js';
import { drive, startUpgradeLab, talosRunbook, type UpgradeLab } from './upgrade-lab.js';

let t: UpgradeLab | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

const progress = (events: RunEvent[]) => events.filter((e) => e.type === 'progress').map((e) => (e as { message: string }).message);
const ends = (events: RunEvent[]) => events.filter((e) => e.type === 'unit-end').map((e) => [(e as { unit: string }).unit, (e as { result: string }).result]);

describe('k8s-upgrade', () => {
  it('runs upgrade-k8s --dry-run, then upgrade-k8s; the API server and every kubelet end on the target; a second run skips', async () => {
    t = await startUpgradeLab();
    const loaded = parseRunbook('name: infra-k8s\ncluster: infra\nsteps:\n  - kind: k8s-upgrade\n    to: 1.35.0\n', 'k8s.yaml', t.config);
    const run = await drive(t.clock, await startRun(t.options(), loaded));

    expect(run.result).toMatchObject({ result: 'ok', exitCode: 0 });
    const lines = progress(run.events);
    const dry = lines.indexOf('talosctl -n 10.25.11.11 upgrade-k8s --to 1.35.0 --dry-run (from v1.34.2)');
    const real = lines.indexOf('talosctl -n 10.25.11.11 upgrade-k8s --to 1.35.0');
    expect(dry).toBeGreaterThanOrEqual(0);
    expect(real).toBeGreaterThan(dry);
    expect(lines.slice(dry, real)).toContain('updating manifests (dry run)');
    expect(lines.slice(real)).toContain('10.25.11.12: waiting for kubelet restart');
    expect(ends(run.events)).toEqual([['s1', 'ok']]);
    expect(t.lab.twin.cluster('infra')!.nodes.map((n) => n.kubeletVersion)).toEqual(['v1.35.0', 'v1.35.0', 'v1.35.0']);
    expect(t.lab.twin.cluster('apps')!.kubernetesVersion).toBe('v1.34.2');

    const again = await drive(t.clock, await startRun(t.options(), loaded));
    expect(again.events.find((e) => e.type === 'unit-end')).toMatchObject({ result: 'skipped', message: 'already on Kubernetes 1.35.0 (API server and every kubelet)' });
  });

  it('a platform that cannot be built leaves the cluster unlocked for the next run', async () => {
    t = await startUpgradeLab();
    const loaded = parseRunbook('name: infra-k8s\ncluster: infra\nsteps:\n  - kind: k8s-upgrade\n    to: 1.35.0\n', 'k8s.yaml', t.config);
    const broken = () => {
      throw new Error('no talosconfig');
    };
    await expect(startRun({ ...t.options(), platform: broken }, loaded)).rejects.toThrow('no talosconfig');
    const run = await drive(t.clock, await startRun(t.options(), loaded));
    expect(run.result).toMatchObject({ result: 'ok', exitCode: 0 });
  });

  it('refuses a skipped minor before touching anything (exit 5)', async () => {
    t = await startUpgradeLab();
    const loaded = parseRunbook('name: infra-k8s\ncluster: infra\nsteps:\n  - kind: k8s-upgrade\n    to: 1.36.0\n', 'k8s.yaml', t.config);
    const run = await drive(t.clock, await startRun(t.options(), loaded));
    expect(run.result).toMatchObject({ result: 'refused', exitCode: 5, message: 'v1.34.2 → 1.36.0 skips a minor version: Kubernetes is upgraded one minor at a time (go to v1.35.x first)' });
    expect(progress(run.events).some((l) => l.includes('upgrade-k8s'))).toBe(false);
    expect(t.lab.twin.cluster('infra')!.kubernetesVersion).toBe('v1.34.2');
  });
});

/** A Flux stand-in for the engine: one Kustomization that turns Ready when reconciled. */
class FakeFlux implements FluxPort {
  readonly calls: string[] = [];
  ready = false;
  constructor(private readonly answer: 'ready' | 'failing') {}
  async notReady(cluster: ClusterConfig, selector?: { namespace?: string }): Promise<FluxNotReady[]> {
    this.calls.push(`notReady ${cluster.name} ${selector?.namespace ?? '*'}`);
    return this.ready ? [] : [{ ref: 'ks/flux-system/apps', reason: 'DependencyNotReady', message: "dependency 'flux-system/infrastructure' is not ready" }];
  }
  async reconcile(cluster: ClusterConfig, ref: string, o: { withSource: boolean; timeoutMs: number }) {
    this.calls.push(`reconcile ${cluster.name} ${ref} withSource=${o.withSource} timeout=${o.timeoutMs}`);
    this.ready = this.answer === 'ready';
    return this.ready
      ? { ref, ready: true, reason: 'ReconciliationSucceeded', message: 'Applied revision: main@sha1:5e4f1d0b' }
      : { ref, ready: false, reason: 'BuildFailed', message: 'kustomize build failed: accumulating resources' };
  }
}

describe('Flux steps through the Flux port', () => {
  const runbook = `name: infra-flux
cluster: infra
gates: [etcd-healthy]
steps:
  - kind: gate
    checks:
      - { check: flux-ready, namespace: flux-system }
  - kind: flux-reconcile
    refs: [ks/flux-system/apps]
    withSource: true
    timeout: 2m
  - kind: wait
    for: { check: flux-ready, namespace: flux-system }
    timeout: 1m
`;

  it('a gate on Flux refuses while an object is not Ready; reconcile and wait pass once it is', async () => {
    const flux = new FakeFlux('ready');
    t = await startUpgradeLab({ flux });
    const loaded = parseRunbook(runbook, 'flux.yaml', t.config);
    const first = await startRun(t.options(), loaded);
    const run1 = await drive(t.clock, first);
    expect(run1.result).toMatchObject({ result: 'refused', exitCode: 5 });
    expect(run1.result.message).toBe("gate before s1 refused: flux-ready (flux-system): ks/flux-system/apps DependencyNotReady: dependency 'flux-system/infrastructure' is not ready");

    // the gate step is skipped by a new runbook without it: reconcile first, then wait
    const loaded2 = parseRunbook(runbook.replace(/ {2}- kind: gate\n {4}checks:\n.*\n/, ''), 'flux.yaml', t.config);
    const run2 = await drive(t.clock, await startRun(t.options(), loaded2));
    expect(run2.result).toMatchObject({ result: 'ok' });
    expect(ends(run2.events)).toEqual([['s1', 'ok'], ['s2', 'ok']]);
    expect(flux.calls.slice(-2)).toEqual(['reconcile infra ks/flux-system/apps withSource=true timeout=120000', 'notReady infra flux-system']);
    expect(progress(run2.events)).toContain('ks/flux-system/apps: Ready (ReconciliationSucceeded: Applied revision: main@sha1:5e4f1d0b)');
  });

  it('a reconcile that does not end Ready fails the run (exit 1)', async () => {
    t = await startUpgradeLab({ flux: new FakeFlux('failing') });
    const loaded = parseRunbook('name: f\ncluster: infra\ngates: []\nsteps:\n  - kind: flux-reconcile\n    refs: [ks/flux-system/apps]\n', 'f.yaml', t.config);
    const run = await drive(t.clock, await startRun(t.options(), loaded));
    expect(run.result).toMatchObject({ result: 'failed', exitCode: 1, message: 'ks/flux-system/apps is not Ready after reconcile: BuildFailed: kustomize build failed: accumulating resources' });
  });
});

describe('backup', () => {
  it('a backup-fresh gate with no fresh backup takes one, then passes', async () => {
    t = await startUpgradeLab();
    const loaded = parseRunbook('name: b\ncluster: apps\ngates:\n  - { check: backup-fresh, maxAge: 1h }\nsteps:\n  - kind: wait\n    for: nodes-ready\n', 'b.yaml', t.config);
    const run = await drive(t.clock, await startRun(t.options(), loaded));
    expect(run.result).toMatchObject({ result: 'ok' });
    const lines = progress(run.events);
    expect(lines[0]).toBe('backup-fresh: no verified backup; taking a backup now');
    expect(lines).toContain('apps: backup ok');
    const check = run.events.find((e) => e.type === 'check') as { check: string; ok: boolean; detail: string };
    expect(check).toMatchObject({ check: 'backup-fresh (< 1h)', ok: true });
    expect(check.detail).toMatch(/^apps\/etcd-apps-\d{8}T\d{6}Z-rev\d+\.db\.gz, 0 min old$/);
  });
});

describe('pause, exec and Ctrl-C', () => {
  it('a pause answered "no" stops the run (exit 130); resume asks again and goes on; exec runs an argument array', async () => {
    t = await startUpgradeLab();
    const answers: string[] = [];
    const ask = (a: 'continue' | 'stop') => async (m: string) => (answers.push(m), a);
    const loaded = parseRunbook(
      `name: p\ncluster: infra\ngates: []\nsteps:\n  - kind: pause\n    message: Silence the alerts\n  - kind: exec\n    command: [${JSON.stringify(process.execPath)}, -e, "console.log('cluster ' + process.env.PLAT_CLUSTER)"]\n`,
      'p.yaml', t.config,
    );
    const first = await startRun(t.options({ pause: ask('stop'), allowExec: true }), loaded);
    const run1 = await drive(t.clock, first);
    expect(run1.result).toMatchObject({ result: 'interrupted', exitCode: 130, message: 'stopped at the pause "Silence the alerts"' });
    const run2 = await drive(t.clock, await resumeRun(t.options({ pause: ask('continue'), allowExec: true }), first.id));
    expect(run2.result).toMatchObject({ result: 'ok' });
    expect(answers).toEqual(['Silence the alerts', 'Silence the alerts']);
    expect(run2.events.find((e) => e.type === 'progress' && (e as { from?: string }).from === 'exec')).toMatchObject({ message: 'cluster infra' });
    expect(ends(run2.events)).toEqual([['s1', 'ok'], ['s2', 'ok']]);
  });

  it('Ctrl-C during a node lets that node finish, then stops before the next one (exit 130)', async () => {
    t = await startUpgradeLab();
    const stop = new AbortController();
    const loaded = parseRunbook(talosRunbook(), 'infra-talos.yaml', t.config);
    const run = await drive(t.clock, await startRun(t.options({ stop: stop.signal }), loaded), (e) => {
      if (e.type === 'progress' && e.message.startsWith('talosctl -n')) stop.abort();
    });
    expect(run.result).toMatchObject({ result: 'interrupted', exitCode: 130 });
    expect(run.result.message).toMatch(/^stopped on request before s1\/infra-0\d$/);
    expect(ends(run.events)).toEqual([[`s1/${t.upgrades[0]}`, 'ok']]);
    expect(t.upgrades).toHaveLength(1);
    expect(t.lab.twin.node(t.upgrades[0]!)!).toMatchObject({ talosVersion: 'v1.12.0', stage: 'running' });
  });

  it('a second Ctrl-C cuts the node at hand and leaves its unit open; resume waits for that node and never upgrades it again', async () => {
    t = await startUpgradeLab();
    const abort = new AbortController();
    const stop = new AbortController();
    const loaded = parseRunbook(talosRunbook(), 'infra-talos.yaml', t.config);
    const first = await startRun(t.options({ stop: stop.signal, abort: abort.signal }), loaded);
    const run1 = await drive(t.clock, first, (e) => {
      if (e.type === 'progress' && e.message.endsWith('sequence: upgrade action: START')) {
        stop.abort();
        abort.abort();
      }
    });
    expect(run1.result).toMatchObject({ result: 'interrupted', exitCode: 130 });
    expect(run1.result.message).toMatch(/^aborted during s1\/infra-0\d; resume looks at it again$/);
    expect(ends(run1.events)).toEqual([]);
    const cut = t.upgrades[0]!;

    const run2 = await drive(t.clock, await resumeRun(t.options(), first.id));
    expect(run2.result).toMatchObject({ result: 'ok' });
    expect(ends(run2.events)[0]).toEqual([`s1/${cut}`, 'skipped']);
    expect([...t.upgrades].sort()).toEqual(['infra-01', 'infra-02', 'infra-03']);
  });
});
