import { describe, expect, it } from 'vitest';
import type { ClusterConfig } from '../config/index.js';
import { needsFlux, nextNode, plannedUnits, predictedOrder, runPreconditions } from './plan.js';
import { runbookSchema } from './schema.js';
import { kubeletRestartStalled } from './step-k8s.js';
import { installerVersion, sameVersion, talosctlBehaviour, upgradePathProblem } from './versions.js';

const node = (name: string, role: 'controlplane' | 'worker' = 'controlplane') => ({ name, ip: `10.0.0.${name.slice(-1)}`, role });
const cluster: ClusterConfig = {
  name: 'apps', id: 2, readOnly: false, lbPools: [],
  nodes: [node('cp-1'), node('w-1', 'worker'), node('cp-2'), node('cp-3'), node('w-2', 'worker')],
};

describe('node order', () => {
  it('control planes one at a time with the etcd leader last, then workers, in plat.yaml order', () => {
    expect(predictedOrder(cluster.nodes, 'cp-1').map((n) => n.name)).toEqual(['cp-2', 'cp-3', 'cp-1', 'w-1', 'w-2']);
    expect(predictedOrder(cluster.nodes, 'cp-3').map((n) => n.name)).toEqual(['cp-1', 'cp-2', 'cp-3', 'w-1', 'w-2']);
    // no agreed leader (an election): config order
    expect(predictedOrder(cluster.nodes, undefined).map((n) => n.name)).toEqual(['cp-1', 'cp-2', 'cp-3', 'w-1', 'w-2']);
  });

  it('asks again each time: a leader that moved to an upgraded node no longer forces an order', () => {
    const left = cluster.nodes.filter((n) => n.name !== 'cp-2');
    expect(nextNode(left, 'cp-2').name).toBe('cp-1');
    expect(nextNode([node('cp-3')], 'cp-3').name).toBe('cp-3');
  });

  it('one unit per step, one per node of a talos-upgrade, with the step lines', () => {
    const rb = runbookSchema.parse({
      name: 'x', cluster: 'apps',
      steps: [{ kind: 'backup' }, { kind: 'talos-upgrade', image: 'ghcr.io/siderolabs/installer:v1.12.7', nodes: ['cp-3', 'cp-1', 'w-2'] }, { kind: 'k8s-upgrade', to: '1.35.3' }],
    });
    expect(plannedUnits(rb, cluster, 'cp-1', [5, 7, 11]).map((u) => [u.unit, u.title, u.line])).toEqual([
      ['s1', 'etcd backup of apps', 5],
      ['s2/cp-3', 'upgrade to v1.12.7 (10.0.0.3, controlplane)', 7],
      ['s2/cp-1', 'upgrade to v1.12.7 (10.0.0.1, controlplane)', 7],
      ['s2/w-2', 'upgrade to v1.12.7 (10.0.0.2, worker)', 7],
      ['s3', 'upgrade Kubernetes to 1.35.3', 11],
    ]);
  });

  it('exec needs consent, a pause needs a terminal or --unattended; Flux is needed only when used', () => {
    const rb = runbookSchema.parse({ name: 'x', cluster: 'apps', steps: [{ kind: 'pause', message: 'check Grafana' }, { kind: 'exec', command: ['true'] }] });
    expect(runPreconditions(rb, { allowExec: false, canAsk: false, unattended: false }, [4, 6])).toEqual([
      'step 1 (line 4) pauses for an operator and there is no terminal to ask on: run it in a terminal, or pass --unattended to continue through pauses',
      'step 2 (line 6) runs a command (true): pass --allow-exec to let it',
    ]);
    expect(runPreconditions(rb, { allowExec: true, canAsk: false, unattended: true })).toEqual([]);
    expect(needsFlux(rb)).toBe(false);
    expect(needsFlux(runbookSchema.parse({ name: 'x', cluster: 'apps', steps: [{ kind: 'wait', for: { check: 'flux-ready' } }] }))).toBe(true);
    expect(needsFlux(runbookSchema.parse({ name: 'x', cluster: 'apps', gates: [{ check: 'flux-ready', namespace: 'flux-system' }], steps: [{ kind: 'backup' }] }))).toBe(true);
  });
});

describe('versions', () => {
  it('reads the target from the installer tag, Image Factory and digests included', () => {
    expect(installerVersion('ghcr.io/siderolabs/installer:v1.12.7')).toBe('v1.12.7');
    expect(installerVersion('factory.talos.dev/installer/376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba:v1.13.0-beta.1')).toBe('v1.13.0-beta.1');
    expect(installerVersion(`registry.local:5000/siderolabs/installer:v1.11.6@sha256:${'a'.repeat(64)}`)).toBe('v1.11.6');
    expect(installerVersion('ghcr.io/siderolabs/installer:latest')).toBeUndefined();
    expect(installerVersion('ghcr.io/siderolabs/installer')).toBeUndefined();
    expect(sameVersion('v1.12.7', 'v1.12.7')).toBe(true);
    expect(sameVersion('v1.34.2', '1.34.2')).toBe(true);
    expect(sameVersion('v1.13.0-beta.1', 'v1.13.0')).toBe(false);
  });

  it('one minor at a time, never down', () => {
    expect(upgradePathProblem('Talos', 'v1.11.5', 'v1.12.7')).toBeUndefined();
    expect(upgradePathProblem('Talos', 'v1.11.5', 'v1.11.6')).toBeUndefined();
    expect(upgradePathProblem('Talos', 'v1.10.4', 'v1.12.0')).toBe('v1.10.4 → v1.12.0 skips a minor version: Talos is upgraded one minor at a time (go to v1.11.x first)');
    expect(upgradePathProblem('Kubernetes', 'v1.34.2', '1.34.1')).toBe('1.34.1 is older than the running v1.34.2: plat does not downgrade Kubernetes');
  });

  it('what the talosctl client version changes', () => {
    expect(talosctlBehaviour('v1.11.5')).toEqual({ version: 'v1.11.5', lifecycle: false, stageDeprecated: false, perNodeErrorsExit1: false });
    expect(talosctlBehaviour('v1.13.2')).toMatchObject({ lifecycle: true, stageDeprecated: true, perNodeErrorsExit1: false });
    expect(talosctlBehaviour('v1.14.0')).toMatchObject({ lifecycle: true, perNodeErrorsExit1: true });
    expect(talosctlBehaviour(undefined)).toMatchObject({ version: 'unknown', lifecycle: false });
  });

  it('upgrade-k8s is cut and re-run only when it is silent at "waiting for kubelet restart"', () => {
    // the line as upgrade-k8s prints it per node (upgrade-k8s-head-v1.12.7.txt wording), node prefix already split off
    expect(kubeletRestartStalled('waiting for kubelet restart', 600_000, 600_000)).toBe(true);
    expect(kubeletRestartStalled('waiting for kubelet restart', 599_999, 600_000)).toBe(false);
    expect(kubeletRestartStalled('kube-apiserver: pod is not ready, waiting', 3_600_000, 600_000)).toBe(false);
  });
});
