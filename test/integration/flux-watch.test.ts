/**
 * The live Flux store and one-shot reads on lab API servers: both clusters in one snapshot, changes
 * through a dropped connection and a 410 Gone, a cluster on an older Flux (different served
 * versions, found by asking), and a cluster that stops answering while the other keeps its rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { startLab, type Lab } from '../../src/lab/index.js';
import { createObjectStore, coreResourceTypes, fluxResourceTypes, startKubeApiServer, writeKubeconfig, type KubeApiServer } from '../../src/lab/kube-api/index.js';
import { fluxEvents, fluxKubeFor, readFlux, watchFlux, type FluxSnapshot, type FluxWatch } from '../../src/flux/index.js';
import { tempDir } from '../support/plat.js';
import { until } from '../support/until.js';

let lab: Lab;
let kubeFor: ReturnType<typeof fluxKubeFor>;
const both = [{ name: 'infra' }, { name: 'apps' }];
const KS = 'kustomize.toolkit.fluxcd.io/v1';

beforeAll(async () => {
  lab = await startLab({ scenario: 'healthy', reconcileDelayMs: 50 });
  kubeFor = fluxKubeFor({ kubeconfig: lab.env.KUBECONFIG, clusters: both }, process.env);
});
afterAll(async () => {
  await lab?.stop();
});


const fluxCount = (cluster: string): number => {
  const store = lab.kube.get(cluster)!.store;
  return fluxResourceTypes.reduce((n, t) => n + store.list(`${t.group}/${t.version}`, t.kind).length, 0);
};
const row = (s: FluxSnapshot, cluster: string, name: string) => s.rows.find((r) => r.cluster === cluster && r.kind === 'Kustomization' && r.name === name);

describe('the live Flux store', () => {
  let watch: FluxWatch;
  afterAll(() => watch?.stop());

  it('holds every Flux object of both clusters, and says when it is live', async () => {
    watch = watchFlux({ clusters: both, kubeFor, retryDelayMs: 20 });
    let calls = 0;
    watch.subscribe(() => calls++);
    expect(watch.snapshot().clusters.map((c) => c.state)).toEqual(['syncing', 'syncing']);
    const s = await until('both clusters live', () => {
      const snap = watch.snapshot();
      return snap.clusters.every((c) => c.state === 'ok') && snap;
    });
    expect(s.rows.length).toBe(fluxCount('infra') + fluxCount('apps'));
    expect(s.rows.every((r) => r.state === 'Ready')).toBe(true);
    expect(s.clusters[0]!.kinds.find((k) => k.kind === 'OCIRepository')).toEqual({ kind: 'OCIRepository', apiVersion: 'source.toolkit.fluxcd.io/v1', state: 'live' });
    expect(calls).toBeGreaterThan(0);
    expect(watch.snapshot()).toBe(watch.snapshot()); // unchanged → the same snapshot, no re-sort
  });

  it('sees a change made while its connection was dropped, then one made past the watch history (410)', async () => {
    const apps = lab.kube.get('apps')!;
    const watches = fluxResourceTypes.length; // one per kind
    await until('every watch open', () => apps.openWatches() === watches);
    apps.dropWatches();
    apps.store.mergePatch(KS, 'Kustomization', 'flux-system', 'jellyfin', { spec: { suspend: true } });
    await until('the suspension seen after the drop', () => row(watch.snapshot(), 'apps', 'jellyfin')?.state === 'Suspended');
    await until('every watch back', () => apps.openWatches() === watches);

    apps.dropWatches();
    apps.store.mergePatch(KS, 'Kustomization', 'flux-system', 'jellyfin', { spec: { suspend: null } });
    apps.compactWatchHistory();
    await until('the resume seen after the relist', () => row(watch.snapshot(), 'apps', 'jellyfin')?.suspended === false);
    await until('every watch back', () => apps.openWatches() === watches);
    const s = await until('the store live again', () => {
      const snap = watch.snapshot();
      return snap.clusters.every((c) => c.state === 'ok') && snap;
    });
    expect(s.rows.length).toBe(fluxCount('infra') + fluxCount('apps'));
    expect(row(s, 'infra', 'jellyfin')).toBeUndefined();
  });

  it('puts failing rows first', async () => {
    lab.flux.get('apps')!.sim.setFailing({ kind: 'Kustomization', namespace: 'flux-system', name: 'paperless' }, { reason: 'BuildFailed', message: 'kustomize build failed: accumulating resources' });
    const s = await until('paperless failed', () => {
      const snap = watch.snapshot();
      return row(snap, 'apps', 'paperless')?.state === 'Failed' && snap;
    });
    expect(s.rows[0]).toMatchObject({ cluster: 'apps', name: 'paperless', state: 'Failed', message: 'kustomize build failed: accumulating resources', reason: 'BuildFailed' });
    const events = await fluxEvents(await kubeFor('apps'), { kind: 'Kustomization', namespace: 'flux-system', name: 'paperless' });
    expect(events.at(-1)).toMatchObject({ type: 'Warning', reason: 'BuildFailed', message: 'kustomize build failed: accumulating resources', source: 'kustomize-controller', count: 1 });
    lab.flux.get('apps')!.sim.setFailing({ kind: 'Kustomization', namespace: 'flux-system', name: 'paperless' }, null);
    await until('paperless healed', () => row(watch.snapshot(), 'apps', 'paperless')?.state === 'Ready');
  });
});

describe('served versions are asked for, per cluster', () => {
  let old: KubeApiServer;
  let cleanup: () => void;
  let oldKubeFor: ReturnType<typeof fluxKubeFor>;

  beforeAll(async () => {
    // A Flux 2.5-like cluster: OCIRepository only at v1beta2, no notification kinds at all.
    const types = [...coreResourceTypes, ...fluxResourceTypes.filter((t) => !t.group.startsWith('notification.')).map((t) => (t.kind === 'OCIRepository' ? { ...t, version: 'v1beta2' } : t))];
    const store = createObjectStore(types);
    store.upsert({ apiVersion: 'source.toolkit.fluxcd.io/v1beta2', kind: 'OCIRepository', metadata: { name: 'podinfo', namespace: 'flux-system' }, spec: { url: 'oci://ghcr.io/stefanprodan/charts/podinfo', interval: '5m' } });
    old = await startKubeApiServer({ store, clusterName: 'old', token: 'old-token' });
    const t = tempDir();
    cleanup = t.cleanup;
    const kubeconfig = join(t.dir, 'kubeconfig');
    writeKubeconfig(kubeconfig, [{ name: 'old', url: old.url, token: 'old-token', ...(old.caData ? { caData: old.caData } : {}) }], 'old');
    oldKubeFor = fluxKubeFor({ kubeconfig, clusters: [{ name: 'old' }] }, process.env);
  });
  afterAll(async () => {
    await old?.close();
    cleanup?.();
  });

  it('reads v1beta2 where v1 is not served and skips kinds without a CRD', async () => {
    const read = await readFlux({ clusters: [{ name: 'old' }], kubeFor: oldKubeFor });
    expect(read.clusters[0]!.state).toBe('ok');
    const kinds = Object.fromEntries(read.clusters[0]!.kinds.map((k) => [k.kind, k.apiVersion ?? k.state]));
    expect(kinds).toMatchObject({ OCIRepository: 'source.toolkit.fluxcd.io/v1beta2', Kustomization: 'kustomize.toolkit.fluxcd.io/v1', Alert: 'not-served', Receiver: 'not-served' });
    expect(read.rows).toEqual([expect.objectContaining({ cluster: 'old', kind: 'OCIRepository', apiVersion: 'source.toolkit.fluxcd.io/v1beta2', name: 'podinfo', ready: 'False', state: 'Pending', message: 'waiting to be reconciled' })]);
  });

  it('the live store finds the same versions', async () => {
    const w = watchFlux({ clusters: [{ name: 'old' }], kubeFor: oldKubeFor, retryDelayMs: 20 });
    try {
      const s = await until('old live', () => {
        const snap = w.snapshot();
        return snap.clusters[0]!.state === 'ok' && snap;
      });
      expect(s.clusters[0]!.kinds.find((k) => k.kind === 'OCIRepository')?.apiVersion).toBe('source.toolkit.fluxcd.io/v1beta2');
      expect(s.clusters[0]!.kinds.find((k) => k.kind === 'Provider')?.state).toBe('not-served');
      expect(s.rows.map((r) => r.name)).toEqual(['podinfo']);
    } finally {
      w.stop();
    }
  });
});

describe('a cluster that stops answering', () => {
  it('is shown unreachable while the other keeps its rows', async () => {
    const w = watchFlux({ clusters: both, kubeFor, retryDelayMs: 20 });
    try {
      await until('both live', () => w.snapshot().clusters.every((c) => c.state === 'ok'));
      await lab.kube.get('infra')!.close();
      const s = await until('infra unreachable', () => {
        const snap = w.snapshot();
        return snap.clusters[0]!.state === 'unreachable' && snap;
      });
      expect(s.clusters[0]!.error).toMatch(/^admin@infra: cannot reach the Kubernetes API server at 127\.0\.0\.1:\d+ \((ECONNREFUSED|ECONNRESET)\)$/);
      expect(s.clusters[1]!.state).toBe('ok');
      expect(s.rows.filter((r) => r.cluster === 'apps').length).toBe(fluxCount('apps'));
      const read = await readFlux({ clusters: both, kubeFor });
      expect(read.clusters.map((c) => c.state)).toEqual(['unreachable', 'ok']);
      expect(read.rows.every((r) => r.cluster === 'apps')).toBe(true);
    } finally {
      w.stop();
    }
  });
});
