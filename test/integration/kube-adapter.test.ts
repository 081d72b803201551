/**
 * plat's Kubernetes adapter (@kubernetes/client-node) against the lab API server: nodes, generic
 * lists, merge patches, and a listWatch that survives a dropped connection and a 410 Gone.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ConfigError, Unreachable } from '../../src/errors/index.js';
import { KubeApiError, openKubeCluster, type KubeCluster, type ListWatchEvent } from '../../src/kube/index.js';
import { createObjectStore, startKubeApiServer, writeKubeconfig, type KubeApiServer, type KubeObject } from '../../src/lab/kube-api/index.js';

const KS = 'kustomize.toolkit.fluxcd.io/v1';
const TOKEN = 'adapter-secret-token';

function node(name: string, ip: string, ready: boolean): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'node-role.kubernetes.io/control-plane': '' } },
    spec: ready ? {} : { unschedulable: true },
    status: {
      addresses: [{ type: 'InternalIP', address: ip }],
      conditions: [
        ready
          ? { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastTransitionTime: '2026-11-20T10:00:00Z' }
          : { type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: '2026-11-27T11:58:00Z' },
      ],
      nodeInfo: { kubeletVersion: 'v1.34.1', osImage: 'Talos (v1.11.2)' },
    },
  };
}

const ks = (name: string): KubeObject => ({ apiVersion: KS, kind: 'Kustomization', metadata: { name, namespace: 'flux-system' }, spec: { interval: '10m', path: `./${name}` } });

/** Waits for a condition that the system under test makes true (no fixed sleeps). */
async function until<T>(what: string, get: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = get();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('src/kube against the lab API server', () => {
  let dir: string;
  let server: KubeApiServer;
  let cluster: KubeCluster;
  let kubeconfig: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'plat-'));
    const store = createObjectStore();
    store.upsert(node('infra-01', '10.25.11.11', true));
    store.upsert(node('infra-02', '10.25.11.12', false));
    store.upsert(ks('cilium'));
    server = await startKubeApiServer({ store, clusterName: 'infra', token: TOKEN });
    kubeconfig = join(dir, 'kubeconfig');
    writeKubeconfig(kubeconfig, [{ name: 'infra', url: server.url, token: TOKEN, ...(server.caData ? { caData: server.caData } : {}) }], 'infra');
    cluster = await openKubeCluster({ kubeconfigPath: kubeconfig, context: 'admin@infra' });
  });

  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the version and the nodes', async () => {
    expect(await cluster.version()).toBe('v1.34.1');
    expect(cluster.server).toBe(`127.0.0.1:${server.port}`);
    const nodes = await cluster.listNodes();
    expect(nodes.map((n) => [n.name, n.ready, n.readyReason, n.roles, n.unschedulable, n.internalIP, n.kubeletVersion])).toEqual([
      ['infra-01', true, 'KubeletReady', ['control-plane'], false, '10.25.11.11', 'v1.34.1'],
      ['infra-02', false, 'NodeStatusUnknown', ['control-plane'], true, '10.25.11.12', 'v1.34.1'],
    ]);
  });

  it('lists any kind across pages, and patches with a merge patch', async () => {
    for (let i = 0; i < 520; i++) server.store.upsert({ apiVersion: 'v1', kind: 'Event', metadata: { name: `e-${i}`, namespace: 'flux-system' }, reason: 'Test' });
    const events = await cluster.list('', 'v1', 'events', 'flux-system');
    expect(events.items).toHaveLength(520);
    expect(Number(events.resourceVersion)).toBeGreaterThan(0);
    const patched = await cluster.mergePatch<KubeObject>('kustomize.toolkit.fluxcd.io', 'v1', 'kustomizations', 'flux-system', 'cilium', { metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': 't1' } } });
    expect(patched.metadata.annotations).toEqual({ 'reconcile.fluxcd.io/requestedAt': 't1' });
    expect(server.store.get(KS, 'Kustomization', 'flux-system', 'cilium')?.metadata.annotations).toEqual({ 'reconcile.fluxcd.io/requestedAt': 't1' });
  });

  it('maps Status answers to KubeApiError with the server message', async () => {
    const missing = await cluster.mergePatch('kustomize.toolkit.fluxcd.io', 'v1', 'kustomizations', 'flux-system', 'nope', {}).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(KubeApiError);
    expect(missing).toMatchObject({ code: 404, reason: 'NotFound', message: 'admin@infra: kustomizations.kustomize.toolkit.fluxcd.io "nope" not found' });
    const unknown = await cluster.list('nope.example.io', 'v1', 'widgets').catch((e: unknown) => e);
    expect(unknown).toMatchObject({ code: 404, message: 'admin@infra: the server could not find the requested resource' });
  });

  it('listWatch: lists, sees changes, resumes after a dropped connection and relists after 410 Gone', async () => {
    const seen: ListWatchEvent<KubeObject>[] = [];
    const errors: Error[] = [];
    const stop = cluster.listWatch<KubeObject>('kustomize.toolkit.fluxcd.io', 'v1', 'kustomizations', {
      namespace: 'flux-system',
      retryDelayMs: 20,
      onEvent: (e) => seen.push(e),
      onError: (e) => errors.push(e),
    });
    try {
      const sync = await until('first SYNC', () => seen.find((e) => e.type === 'SYNC'));
      expect(sync.type === 'SYNC' && sync.items.map((o) => o.metadata.name)).toEqual(['cilium']);
      await until('an open watch', () => server.openWatches() === 1);

      server.store.upsert(ks('cert-manager'));
      await until('ADDED cert-manager', () => seen.find((e) => e.type === 'ADDED' && e.object.metadata.name === 'cert-manager'));

      // Dropped connection: the change made while disconnected arrives as a replayed event, no relist.
      server.dropWatches();
      server.store.mergePatch(KS, 'Kustomization', 'flux-system', 'cilium', { spec: { suspend: true } });
      await until('MODIFIED cilium after the drop', () => seen.find((e) => e.type === 'MODIFIED' && e.object.metadata.name === 'cilium' && (e.object.spec as { suspend?: boolean }).suspend));
      expect(seen.filter((e) => e.type === 'SYNC')).toHaveLength(1);
      expect(errors.some((e) => e instanceof Unreachable && e.message.includes(`127.0.0.1:${server.port}`))).toBe(true);
      await until('the watch to reconnect', () => server.openWatches() === 1);

      // 410: the history the client would resume from is gone, so it must list again.
      server.dropWatches();
      server.store.upsert(ks('external-secrets'));
      server.compactWatchHistory();
      const resync = await until('second SYNC', () => seen.filter((e) => e.type === 'SYNC')[1]);
      expect(resync.type === 'SYNC' && resync.items.map((o) => o.metadata.name)).toEqual(['cert-manager', 'cilium', 'external-secrets']);
      await until('the watch after relist', () => server.openWatches() === 1);
      server.store.delete(KS, 'Kustomization', 'flux-system', 'external-secrets');
      await until('DELETED after relist', () => seen.find((e) => e.type === 'DELETED' && e.object.metadata.name === 'external-secrets'));
      expect(errors.map((e) => e.message).join('\n')).not.toContain(TOKEN);
    } finally {
      stop();
    }
    await until('the watch to close', () => server.openWatches() === 0);
  });

  it('is Unreachable on a closed port, naming the cluster and address but not the token', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const path = join(dir, 'closed');
    writeKubeconfig(path, [{ name: 'gone', url: `http://127.0.0.1:${port}`, token: TOKEN }], 'gone');
    const gone = await openKubeCluster({ kubeconfigPath: path, context: 'admin@gone' });
    const err = await gone.version().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Unreachable);
    expect((err as Error).message).toBe(`admin@gone: cannot reach the Kubernetes API server at 127.0.0.1:${port} (ECONNREFUSED)`);
    expect((err as Error).message).not.toContain(TOKEN);
  });

  it('refuses a missing kubeconfig or context with ConfigError', async () => {
    await expect(openKubeCluster({ kubeconfigPath: kubeconfig, context: 'admin@apps' })).rejects.toThrow(ConfigError);
    await expect(openKubeCluster({ kubeconfigPath: kubeconfig, context: 'admin@apps' })).rejects.toThrow(`kubeconfig ${kubeconfig} has no context 'admin@apps'`);
    await expect(openKubeCluster({ kubeconfigPath: join(dir, 'nope'), context: 'x' })).rejects.toThrow(`kubeconfig ${join(dir, 'nope')} does not exist`);
    const plain = join(dir, 'plain-http');
    writeFileSync(plain, stringify({ apiVersion: 'v1', kind: 'Config', clusters: [{ name: 'c', cluster: { server: 'http://127.0.0.1:1' } }], users: [{ name: 'u', user: { token: TOKEN } }], contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'u' } }], 'current-context': 'ctx' }));
    const err = await openKubeCluster({ kubeconfigPath: plain, context: 'ctx' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toBe(`kubeconfig ${plain}: context 'ctx' uses plain http (http://127.0.0.1:1) without insecure-skip-tls-verify`);
  });
});
