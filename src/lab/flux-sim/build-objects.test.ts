import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../kube-api/index.js';
import { buildFluxObjects } from './build-objects.js';
import { loadNamedFluxTree, namedFluxTrees } from './named-trees.js';

const NOW = Date.parse('2026-11-27T12:00:00Z');
const fixture = (name: string): KubeObject => parse(readFileSync(new URL(`../../../test/fixtures/flux/${name}`, import.meta.url), 'utf8')) as KubeObject;
const keys = (o: unknown): string[] => Object.keys((o ?? {}) as object).sort();
const find = (objs: KubeObject[], kind: string, name: string): KubeObject => {
  const o = objs.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`no ${kind} ${name}`);
  return o;
};
type Cond = { type: string; status: string; reason: string; message: string };
const conds = (o: KubeObject): Cond[] => (o.status as { conditions: Cond[] }).conditions;

describe('named trees', () => {
  it('ships home-infra and home-apps', () => {
    expect(namedFluxTrees()).toEqual(['home-apps', 'home-infra']);
  });

  it('home-infra is the platform of the healthy scenario: every object Ready', () => {
    const objs = buildFluxObjects(loadNamedFluxTree('home-infra'), { now: NOW });
    const ks = objs.filter((o) => o.kind === 'Kustomization').map((o) => o.metadata.name);
    expect(ks).toEqual(expect.arrayContaining(['flux-system', 'cilium', 'cert-manager', 'external-secrets', 'victoria-metrics', 'grafana', 'openebs', 'rook-ceph', 'spire', 'velero']));
    expect(find(objs, 'Kustomization', 'cert-manager').spec).toMatchObject({ dependsOn: [{ name: 'cilium' }] });
    for (const o of objs) {
      if (o.kind === 'HelmRepository' && (o.spec as { type?: string }).type === 'oci') continue;
      expect([o.kind, o.metadata.name, conds(o).find((c) => c.type === 'Ready')?.status]).toEqual([o.kind, o.metadata.name, 'True']);
    }
  });

  it('home-apps has apps depending on the platform, charts from HelmRepositories and OCIRepositories', () => {
    const objs = buildFluxObjects(loadNamedFluxTree('home-apps'), { now: NOW });
    expect(find(objs, 'Kustomization', 'immich').spec).toMatchObject({ dependsOn: [{ name: 'external-secrets' }, { name: 'envoy-gateway' }] });
    expect(find(objs, 'HelmRelease', 'podinfo').spec).toMatchObject({ chartRef: { kind: 'OCIRepository', name: 'podinfo' } });
    expect(find(objs, 'HelmRelease', 'cilium').spec).toMatchObject({ chart: { spec: { chart: 'cilium', sourceRef: { kind: 'HelmRepository', name: 'cilium', namespace: 'flux-system' } } } });
    expect(find(objs, 'HelmChart', 'kube-system-cilium').metadata.namespace).toBe('flux-system');
  });
});

describe('object shapes follow the recorded samples', () => {
  const objs = buildFluxObjects(loadNamedFluxTree('home-infra'), { now: NOW });

  it('Kustomization', () => {
    const sample = fixture('kustomization-ready.yaml');
    const ks = find(objs, 'Kustomization', 'cert-manager');
    expect(keys(ks.status)).toEqual(keys(sample.status));
    expect(keys((ks.status as { history: unknown[] }).history[0])).toEqual(keys((sample.status as { history: unknown[] }).history[0]));
    const git = find(objs, 'GitRepository', 'flux-system');
    const revision = (git.status as { artifact: { revision: string } }).artifact.revision;
    expect(revision).toMatch(/^main@sha1:[0-9a-f]{40}$/);
    expect(conds(ks)).toEqual([
      expect.objectContaining({ type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', message: `Applied revision: ${revision}` }),
      expect.objectContaining({ type: 'Healthy', status: 'True', reason: 'Succeeded' }),
    ]);
    expect(ks.status).toMatchObject({ lastAppliedRevision: revision, observedGeneration: 1 });
    const ids = (ks.status as { inventory: { entries: { id: string }[] } }).inventory.entries.map((e) => e.id);
    expect(ids).toEqual(['_cert-manager__Namespace', 'cert-manager_cert-manager_helm.toolkit.fluxcd.io_HelmRelease', 'cert-manager_cert-manager_source.toolkit.fluxcd.io_OCIRepository']);
  });

  it('HelmRelease through an OCIRepository chartRef', () => {
    const sample = fixture('helmrelease-installed.yaml');
    const hr = find(objs, 'HelmRelease', 'cert-manager');
    expect(keys(hr.status)).toEqual(keys(sample.status));
    const snapshot = (hr.status as { history: Record<string, unknown>[] }).history[0];
    expect(keys(snapshot)).toEqual(keys((sample.status as { history: unknown[] }).history[0]));
    expect(snapshot).toMatchObject({ chartName: 'cert-manager', status: 'deployed', version: 1, appVersion: 'v1.19.1' });
    expect(String(snapshot?.chartVersion)).toMatch(/^1\.19\.1\+[0-9a-f]{12}$/);
    expect(conds(hr)[0]).toMatchObject({ type: 'Ready', reason: 'InstallSucceeded', message: `Helm install succeeded for release cert-manager/cert-manager.v1 with chart cert-manager@${String(snapshot?.chartVersion)}` });
  });

  it('sources and generated HelmCharts', () => {
    for (const [kind, name, file] of [
      ['GitRepository', 'flux-system', 'gitrepository-ready.yaml'],
      ['OCIRepository', 'cert-manager', 'ocirepository-ready.yaml'],
      ['HelmRepository', 'cilium', 'helmrepository-ready.yaml'],
      ['HelmChart', 'kube-system-cilium', 'helmchart-ready.yaml'],
    ] as const) {
      const sample = fixture(file);
      const built = find(objs, kind, name);
      const allowed = keys(sample.status).filter((k) => k !== 'lastHandledReconcileAt');
      expect([kind, keys(built.status)]).toEqual([kind, allowed]);
      expect(keys((built.status as { artifact: object }).artifact)).toEqual(expect.arrayContaining(['digest', 'lastUpdateTime', 'path', 'revision', 'size', 'url']));
    }
    expect(conds(find(objs, 'OCIRepository', 'cert-manager'))[0]?.message).toMatch(/^stored artifact for digest 'v1\.19\.1@sha256:[0-9a-f]{64}'$/);
    expect(conds(find(objs, 'HelmRepository', 'cilium'))[0]?.message).toMatch(/^stored artifact: revision 'sha256:[0-9a-f]{64}'$/);
    expect(conds(find(objs, 'HelmChart', 'kube-system-cilium'))[0]).toMatchObject({ reason: 'ChartPullSucceeded', message: "pulled 'cilium' chart with version '1.18.2'" });
  });

  it('is deterministic for a given time', () => {
    expect(buildFluxObjects(loadNamedFluxTree('home-infra'), { now: NOW })).toEqual(objs);
  });
});

describe('generated trees', () => {
  it.each([1, 4, 7, 100, 5000])('yields exactly %i objects', (n) => {
    expect(buildFluxObjects({ generate: { objects: n, seed: 'lab' } }, { now: NOW })).toHaveLength(n);
  });

  it('spreads over kinds and namespaces with dependsOn chains', () => {
    const objs = buildFluxObjects({ generate: { objects: 400, seed: 'lab' } }, { now: NOW });
    const kinds = new Set(objs.map((o) => o.kind));
    expect([...kinds].sort()).toEqual(['GitRepository', 'HelmChart', 'HelmRelease', 'HelmRepository', 'Kustomization', 'OCIRepository']);
    expect(new Set(objs.map((o) => o.metadata.namespace)).size).toBeGreaterThan(20);
    const deps = objs.filter((o) => o.kind === 'Kustomization' && (o.spec as { dependsOn?: unknown[] }).dependsOn?.length);
    expect(deps.length).toBeGreaterThan(objs.filter((o) => o.kind === 'Kustomization').length / 2);
    expect(find(objs, 'Kustomization', 'app-00003').spec).toMatchObject({ dependsOn: [{ name: 'app-00002' }] });
  });
});
