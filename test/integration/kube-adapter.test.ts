/**
 * plat's Kubernetes adapter against the lab API server, once per client: the light node:https one
 * (what openKubeCluster picks for token and certificate users) and the @kubernetes/client-node
 * fallback (exec plugins, auth-providers, proxies). Both must behave alike: nodes, generic lists,
 * merge patches, Status errors, a listWatch that survives a dropped connection and a 410 Gone,
 * Unreachable on a closed port, a clear 401 — and neither may print its token. Last, the real
 * kubectl and plat read the same multi-file KUBECONFIG and reach the same cluster.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { stringify } from 'yaml';
import { ConfigError, Unreachable } from '../../src/errors/index.js';
import { KubeApiError, openKubeCluster, type KubeCluster, type KubeClusterOptions, type ListWatchEvent } from '../../src/kube/index.js';
import { connectKubeCluster, kubeConfigFor } from '../../src/kube/cluster.js';
import { loadKubeTarget } from '../../src/kube/kubeconfig-files.js';
import { createObjectStore, startKubeApiServer, writeKubeconfig, type KubeApiServer, type KubeObject } from '../../src/lab/kube-api/index.js';
import { requireBinaries } from '../support/real.js';

const KS = 'kustomize.toolkit.fluxcd.io/v1';
const TOKEN = 'adapter-secret-token';
const WRONG = 'adapter-wrong-token';

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

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((r) => probe.close(() => r()));
  return port;
}

const CLIENTS: { name: string; clientNode: boolean; open: (o: KubeClusterOptions) => Promise<KubeCluster> }[] = [
  { name: 'node:https (light)', clientNode: false, open: (o) => openKubeCluster(o) },
  // What openKubeCluster does for an exec/auth-provider/proxy user, forced here for a token user.
  { name: '@kubernetes/client-node', clientNode: true, open: async (o) => connectKubeCluster(loadKubeTarget(o), o) },
];

describe.each(CLIENTS)('src/kube with $name against the lab API server', ({ clientNode, open }) => {
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
    cluster = await open({ kubeconfigPath: kubeconfig, context: 'admin@infra' });
  });

  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the version and the nodes', async () => {
    expect(String(cluster).includes('@kubernetes/client-node')).toBe(clientNode);
    expect(await cluster.version()).toBe('v1.34.1');
    expect(cluster.server).toBe(`127.0.0.1:${server.port}`);
    const nodes = await cluster.listNodes();
    expect(nodes.map((n) => [n.name, n.ready, n.readyReason, n.roles, n.unschedulable, n.internalIP, n.kubeletVersion])).toEqual([
      ['infra-01', true, 'KubeletReady', ['control-plane'], false, '10.25.11.11', 'v1.34.1'],
      ['infra-02', false, 'NodeStatusUnknown', ['control-plane'], true, '10.25.11.12', 'v1.34.1'],
    ]);
  });

  it('lists any kind across pages with selectors, and patches with a merge patch', async () => {
    for (let i = 0; i < 520; i++) server.store.upsert({ apiVersion: 'v1', kind: 'Event', metadata: { name: `e-${i}`, namespace: 'flux-system', labels: { half: String(i % 2) } }, reason: 'Test' });
    const events = await cluster.list('', 'v1', 'events', 'flux-system');
    expect(events.items).toHaveLength(520);
    expect(Number(events.resourceVersion)).toBeGreaterThan(0);
    expect((await cluster.list('', 'v1', 'events', 'flux-system', { labelSelector: 'half=1' })).items).toHaveLength(260);
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

  it('is Unreachable on a closed port (http and https), naming the cluster and address but not the token', async () => {
    const port = await closedPort();
    const plain = join(dir, 'closed-http');
    writeKubeconfig(plain, [{ name: 'gone', url: `http://127.0.0.1:${port}`, token: TOKEN }], 'gone');
    const tls = join(dir, 'closed-https');
    writeKubeconfig(tls, [{ name: 'gone', url: `https://127.0.0.1:${port}`, token: TOKEN, ...(server.caData ? { caData: server.caData } : {}) }], 'gone');
    for (const path of [plain, tls]) {
      const gone = await open({ kubeconfigPath: path, context: 'admin@gone' });
      const err = await gone.version().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Unreachable);
      expect((err as Error).message).toBe(`admin@gone: cannot reach the Kubernetes API server at 127.0.0.1:${port} (ECONNREFUSED)`);
      expect((err as Error).message).not.toContain(TOKEN);
    }
  });

  it('trusts a cluster given without a CA as Node would: its roots plus NODE_EXTRA_CA_CERTS, which Node may not have read', async () => {
    // This worker started without the variable, as bin/plat.js starts Node (default-trust.ts).
    const path = join(dir, 'no-ca');
    writeKubeconfig(path, [{ name: 'infra', url: server.url, token: TOKEN }], 'infra');
    const untrusted = await (await open({ kubeconfigPath: path, context: 'admin@infra' })).version().catch((e: unknown) => e);
    expect(untrusted).toBeInstanceOf(Unreachable);
    expect((untrusted as Error).message).toMatch(/fails TLS verification \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE)\)$/);
    const caFile = join(dir, 'extra-ca.pem');
    writeFileSync(caFile, Buffer.from(server.caData!, 'base64'));
    vi.stubEnv('NODE_EXTRA_CA_CERTS', caFile);
    try {
      expect(await (await open({ kubeconfigPath: path, context: 'admin@infra' })).version()).toBe('v1.34.1');
      if (clientNode) {
        // client-node makes an agent per request: they share one TLS context, not ~280 roots parsed each time.
        const kc = kubeConfigFor(await import('@kubernetes/client-node'), loadKubeTarget({ kubeconfigPath: path, context: 'admin@infra' }));
        const make = (kc as unknown as { createAgent: (c: unknown, o: object) => { options: { secureContext?: unknown } } }).createAgent;
        const [a, b] = [make(kc.getCurrentCluster(), {}), make(kc.getCurrentCluster(), {})];
        expect(a.options.secureContext).toBeDefined();
        expect(b.options.secureContext).toBe(a.options.secureContext);
      }
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('answers a wrong token with a clear 401 that does not carry the token', async () => {
    const path = join(dir, 'wrong-token');
    writeKubeconfig(path, [{ name: 'infra', url: server.url, token: WRONG, ...(server.caData ? { caData: server.caData } : {}) }], 'infra');
    const wrong = await open({ kubeconfigPath: path, context: 'admin@infra' });
    for (const call of [() => wrong.version(), () => wrong.listNodes()]) {
      const err = await call().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(KubeApiError);
      expect(err).toMatchObject({ code: 401, reason: 'Unauthorized', message: 'admin@infra: Unauthorized' });
    }
    let watchErr: Error | undefined;
    await wrong.watch('', 'v1', 'nodes', { onEvent: () => undefined, onError: (e) => (watchErr = e as Error) });
    await until('the refused watch', () => watchErr);
    expect(watchErr).toBeInstanceOf(KubeApiError);
    expect(watchErr).toMatchObject({ code: 401 });
    // client-node's watch keeps only the HTTP code; the light client keeps the server's Status.
    expect(watchErr?.message).toBe(clientNode ? `admin@infra: HTTP 401 from 127.0.0.1:${server.port}` : 'admin@infra: Unauthorized');
    const errors: Error[] = [];
    const stop = wrong.listWatch('', 'v1', 'nodes', { retryDelayMs: 10, onEvent: () => undefined, onError: (e) => errors.push(e) });
    await until('listWatch to report and retry', () => errors.length >= 2);
    stop();
    expect(errors[0]).toMatchObject({ code: 401, message: 'admin@infra: Unauthorized' });
    expect([watchErr, ...errors].map((e) => `${e?.message} ${(e as { hint?: string })?.hint ?? ''}`).join('\n')).not.toContain(WRONG);
  });

  it('never shows its token when printed', () => {
    for (const shown of [String(cluster), inspect(cluster), inspect(cluster, { showHidden: true, depth: Infinity, customInspect: false }), JSON.stringify(cluster)]) expect(shown).not.toContain(TOKEN);
    expect(JSON.parse(JSON.stringify(cluster))).toEqual({ context: 'admin@infra', server: `127.0.0.1:${server.port}` });
  });
});

describe('openKubeCluster refuses a missing or unusable kubeconfig with ConfigError', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'plat-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names the file, the context and what is wrong', async () => {
    const kubeconfig = join(dir, 'kubeconfig');
    writeKubeconfig(kubeconfig, [{ name: 'infra', url: 'https://127.0.0.1:1', token: TOKEN }], 'infra');
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

const kubectl = requireBinaries(['kubectl'], 'plat and the real kubectl read the same KUBECONFIG');

describe.skipIf(!kubectl)('a multi-file KUBECONFIG read by the real kubectl and by plat', () => {
  let dir: string;
  let server: KubeApiServer;
  const saved = process.env.KUBECONFIG;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'plat-'));
    const store = createObjectStore();
    store.upsert(node('apps-01', '10.25.11.14', true));
    store.upsert(node('apps-02', '10.25.11.15', true));
    server = await startKubeApiServer({ store, clusterName: 'apps', token: TOKEN });
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.KUBECONFIG;
    else process.env.KUBECONFIG = saved;
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('first file wins per name, current-context comes from the first file that sets one, paths are relative to each file', async () => {
    // a/ holds the right cluster with a CA file and a tokenFile beside it (relative paths).
    mkdirSync(join(dir, 'a'));
    writeFileSync(join(dir, 'a', 'ca.crt'), Buffer.from(server.caData ?? '', 'base64'));
    writeFileSync(join(dir, 'a', 'token'), `${TOKEN}\n`, { mode: 0o600 });
    const a = join(dir, 'a', 'config');
    writeFileSync(a, stringify({ apiVersion: 'v1', kind: 'Config', clusters: [{ name: 'apps', cluster: { server: server.url, 'certificate-authority': 'ca.crt' } }], users: [{ name: 'admin@apps', user: { tokenFile: 'token' } }], contexts: [{ name: 'admin@apps', context: { cluster: 'apps', user: 'admin@apps' } }] }), { mode: 0o600 });
    // b/ defines the same names pointing elsewhere (they must lose) and sets the current context.
    mkdirSync(join(dir, 'b'));
    const b = join(dir, 'b', 'config');
    const gone = await closedPort();
    writeFileSync(b, stringify({ apiVersion: 'v1', kind: 'Config', clusters: [{ name: 'apps', cluster: { server: `https://127.0.0.1:${gone}` } }], users: [{ name: 'admin@apps', user: { token: WRONG } }], contexts: [{ name: 'admin@apps', context: { cluster: 'apps', user: 'admin@apps' } }], 'current-context': 'admin@apps' }), { mode: 0o600 });
    const list = `${a}:${join(dir, 'missing')}:${b}`;

    const run = promisify(execFile);
    const env = { ...process.env, KUBECONFIG: list };
    const current = (await run(kubectl?.kubectl as string, ['config', 'current-context'], { env })).stdout.trim();
    const byKubectl = JSON.parse((await run(kubectl?.kubectl as string, ['get', 'nodes', '-o', 'json'], { env })).stdout) as { items: KubeObject[] };

    process.env.KUBECONFIG = list;
    const plat = await openKubeCluster({ context: '' });
    expect(plat.context).toBe(current);
    expect(String(plat)).not.toContain('@kubernetes/client-node');
    expect((await plat.listNodes()).map((n) => n.name)).toEqual(byKubectl.items.map((o) => o.metadata.name));
    expect(byKubectl.items.map((o) => o.metadata.name)).toEqual(['apps-01', 'apps-02']);
  });
});
