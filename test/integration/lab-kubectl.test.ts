/**
 * Acceptance for the lab's Kubernetes API server: the real kubectl, pointed at it through a
 * kubeconfig the lab wrote, lists, patches, watches and fails exactly as against a cluster.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createObjectStore, startKubeApiServer, writeKubeconfig, type KubeApiServer, type KubeObject } from '../../src/lab/kube-api/index.js';
import { requireBinaries } from '../support/real.js';

const bins = requireBinaries(['kubectl'], 'lab API server acceptance with the real kubectl');
const KS = 'kustomize.toolkit.fluxcd.io/v1';

function node(name: string, ip: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'node-role.kubernetes.io/control-plane': '' } },
    spec: {},
    status: {
      addresses: [{ type: 'InternalIP', address: ip }, { type: 'Hostname', address: name }],
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastTransitionTime: '2026-11-20T10:00:00Z' }],
      nodeInfo: { kubeletVersion: 'v1.34.1', osImage: 'Talos (v1.11.2)', kernelVersion: '6.12.48-talos', containerRuntimeVersion: 'containerd://2.1.4' },
    },
  };
}

function kustomization(name: string, dependsOn?: string): KubeObject {
  return {
    apiVersion: KS,
    kind: 'Kustomization',
    metadata: { name, namespace: 'flux-system' },
    spec: { interval: '30m', path: `./kubernetes/infra/${name}`, prune: true, sourceRef: { kind: 'GitRepository', name: 'flux-system' }, ...(dependsOn ? { dependsOn: [{ name: dependsOn }] } : {}) },
    status: {
      conditions: [{ type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', message: 'Applied revision: main@sha1:5f1e0c3a9d2b4c6e8f0a1b2c3d4e5f6a7b8c9d0e', observedGeneration: 1, lastTransitionTime: '2026-11-27T11:00:00Z' }],
      lastAppliedRevision: 'main@sha1:5f1e0c3a9d2b4c6e8f0a1b2c3d4e5f6a7b8c9d0e',
      observedGeneration: 1,
    },
  };
}

describe.skipIf(!bins)('real kubectl against the lab API server', () => {
  let dir: string;
  let server: KubeApiServer;
  let kubeconfig: string;
  const kubectl = (...args: string[]): ResultPromise<{ reject: false; env: Record<string, string> }> =>
    execa(bins?.kubectl ?? 'kubectl', ['--kubeconfig', kubeconfig, ...args], { reject: false, env: { HOME: dir } });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'plat-'));
    const store = createObjectStore();
    [['infra-01', '10.25.11.11'], ['infra-02', '10.25.11.12'], ['infra-03', '10.25.11.13']].forEach(([n, ip]) => store.upsert(node(n as string, ip as string)));
    store.upsert(kustomization('cilium'));
    store.upsert(kustomization('cert-manager', 'cilium'));
    for (const n of ['infra-01', 'infra-02', 'infra-03']) {
      store.upsert({ apiVersion: 'cilium.io/v2', kind: 'CiliumBGPNodeConfig', metadata: { name: n }, spec: { bgpInstances: [{ name: 'infra-64512', localASN: 64512 }] } });
    }
    server = await startKubeApiServer({ store, clusterName: 'infra', token: 'lab-admin-token' });
    kubeconfig = join(dir, 'kubeconfig');
    writeKubeconfig(kubeconfig, [{ name: 'infra', url: server.url, token: 'lab-admin-token', ...(server.caData ? { caData: server.caData } : {}) }], 'infra');
  });

  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes a private kubeconfig with an admin@<cluster> context', () => {
    expect(statSync(kubeconfig).mode & 0o777).toBe(0o600);
  });

  it('get nodes', async () => {
    const r = await kubectl('get', 'nodes');
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.split('\n').map((l) => l.split(/\s{2,}/));
    expect(lines[0]).toEqual(['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION']);
    expect(lines.slice(1).map((c) => [c[0], c[1], c[2], c[4]])).toEqual([
      ['infra-01', 'Ready', 'control-plane', 'v1.34.1'],
      ['infra-02', 'Ready', 'control-plane', 'v1.34.1'],
      ['infra-03', 'Ready', 'control-plane', 'v1.34.1'],
    ]);
  });

  it('get kustomizations -A -o json', async () => {
    const r = await kubectl('get', 'kustomizations', '-A', '-o', 'json');
    expect(r.exitCode).toBe(0);
    const list = JSON.parse(r.stdout) as { kind: string; items: KubeObject[] };
    expect(list.kind).toBe('List');
    expect(list.items.map((o) => [o.apiVersion, o.kind, o.metadata.namespace, o.metadata.name])).toEqual([
      [KS, 'Kustomization', 'flux-system', 'cert-manager'],
      [KS, 'Kustomization', 'flux-system', 'cilium'],
    ]);
    expect(list.items[0]?.spec).toMatchObject({ dependsOn: [{ name: 'cilium' }] });
  });

  it('get ciliumbgpnodeconfigs (cluster-scoped CRD, default Name/Age columns)', async () => {
    const r = await kubectl('get', 'ciliumbgpnodeconfigs');
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split('\n').map((l) => l.split(/\s+/)[0])).toEqual(['NAME', 'infra-01', 'infra-02', 'infra-03']);
    expect(r.stdout.split('\n')[0]).toMatch(/^NAME\s+AGE$/);
  });

  it('patch kustomization --type merge changes the store', async () => {
    const r = await kubectl('patch', 'kustomization', 'cert-manager', '-n', 'flux-system', '--type', 'merge', '-p', '{"spec":{"suspend":true}}');
    expect([r.exitCode, r.stdout]).toEqual([0, 'kustomization.kustomize.toolkit.fluxcd.io/cert-manager patched']);
    const stored = server.store.get(KS, 'Kustomization', 'flux-system', 'cert-manager');
    expect(stored?.spec).toMatchObject({ suspend: true });
    expect(stored?.metadata.generation).toBe(2);
  });

  it('get -w prints the change made while it watches', async () => {
    const proc = execa(bins?.kubectl ?? 'kubectl', ['--kubeconfig', kubeconfig, 'get', 'kustomizations', '-n', 'flux-system', '-w'], { env: { HOME: dir }, reject: false, buffer: false });
    const lines: string[] = [];
    const waitFor = (pred: (l: string) => boolean): Promise<string> =>
      new Promise((resolve, reject) => {
        let buf = '';
        const onData = (c: Buffer): void => {
          buf += c.toString();
          const parts = buf.split('\n');
          buf = parts.pop() ?? '';
          lines.push(...parts);
          const hit = lines.find(pred);
          if (hit) {
            proc.stdout?.off('data', onData);
            resolve(hit);
          }
        };
        proc.stdout?.on('data', onData);
        proc.once('exit', () => reject(new Error(`kubectl -w exited early: ${lines.join('\n')}`)));
      });
    try {
      await waitFor((l) => l.startsWith('cilium '));
      server.store.setStatus(KS, 'Kustomization', 'flux-system', 'cilium', {
        conditions: [{ type: 'Ready', status: 'False', reason: 'HealthCheckFailed', message: 'health check failed after 5m0s: timeout waiting for: [Deployment/kube-system/cilium-operator status: InProgress]' }],
      });
      const changed = await waitFor((l) => l.startsWith('cilium ') && l.includes('False'));
      expect(changed).toMatch(/^cilium\s+\S+\s+False\s+health check failed after 5m0s/);
    } finally {
      proc.kill();
      await proc;
    }
  });

  it('api-resources lists the Flux and Cilium kinds', async () => {
    const r = await kubectl('api-resources');
    expect(r.exitCode).toBe(0);
    const rows = r.stdout.split('\n').map((l) => l.trim().split(/\s+/));
    expect(rows).toContainEqual(['kustomizations', 'ks', 'kustomize.toolkit.fluxcd.io/v1', 'true', 'Kustomization']);
    expect(rows).toContainEqual(['helmreleases', 'hr', 'helm.toolkit.fluxcd.io/v2', 'true', 'HelmRelease']);
    expect(rows).toContainEqual(['ocirepositories', 'ocirepo', 'source.toolkit.fluxcd.io/v1', 'true', 'OCIRepository']);
    expect(rows).toContainEqual(['ciliumbgpnodeconfigs', 'cbgpnode', 'cilium.io/v2', 'false', 'CiliumBGPNodeConfig']);
    expect(rows).toContainEqual(['ciliumloadbalancerippools', 'ippools,ippool,lbippool,lbippools', 'cilium.io/v2', 'false', 'CiliumLoadBalancerIPPool']);
    expect(rows).toContainEqual(['ciliumbgppeeringpolicies', 'bgpp', 'cilium.io/v2alpha1', 'false', 'CiliumBGPPeeringPolicy']);
    expect(rows).toContainEqual(['nodes', 'no', 'v1', 'false', 'Node']);
  });

  it('get kustomization missing fails like a real server', async () => {
    const r = await kubectl('get', 'kustomization', 'missing');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe('Error from server (NotFound): kustomizations.kustomize.toolkit.fluxcd.io "missing" not found');
  });

  it('a wrong token is refused', async () => {
    const r = await kubectl('--token', 'not-the-token', 'get', 'nodes');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('error: You must be logged in to the server (Unauthorized)');
    expect(r.stderr).not.toContain('lab-admin-token');
  });
});
