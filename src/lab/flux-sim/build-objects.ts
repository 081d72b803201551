/**
 * Turns a Flux tree description into the objects a healthy cluster would hold: every source with
 * its artifact, every Kustomization applied at its source's revision (history, inventory), every
 * HelmRelease installed (v2 status with a release snapshot), plus the HelmCharts helm-controller
 * generates. Shapes follow the samples in test/fixtures/flux; values are deterministic per name.
 */
import { kubeTime, type KubeObject } from '../kube-api/index.js';
import { setCondition, type Condition } from './conditions.js';
import { goDuration, hexOf, sha256Digest, spread } from './fake-digest.js';
import { fluxKinds } from './flux-kinds.js';
import { generateFluxTree } from './generate-tree.js';
import { buildHelmChart, buildSource, ociManifestDigest, sourceArtifact } from './source-objects.js';
import { dependencyRef, isGenerated, type ExplicitFluxTree, type FluxHelmReleaseSpec, type FluxKustomizationSpec, type FluxSourceSpec, type FluxTreeSpec } from './tree-schema.js';

const DAY = 86_400_000;

/** "30m", "1h", "10m0s", "24h" → milliseconds (Go duration syntax). */
export function parseInterval(text: string): number {
  let ms = 0;
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) ms += Number(m[1]) * ({ ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h']);
  return ms || 600_000;
}

interface Times {
  created: string;
  updated: string;
}

function timesFor(seed: string, now: number): Times {
  const created = now - 30 * DAY - spread(`created:${seed}`, 20 * DAY);
  const updated = now - 60_000 - spread(`updated:${seed}`, 6 * 3_600_000);
  return { created: kubeTime(created), updated: kubeTime(updated) };
}

const ownerLabels = (ks: string): Record<string, string> => ({ 'kustomize.toolkit.fluxcd.io/name': ks, 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system' });

export function kustomizationHistoryEntry(revision: string, status: string, first: string, last: string, total: number, durationMs: number): Record<string, unknown> {
  return {
    digest: sha256Digest(`inventory:${revision}`),
    firstReconciled: first,
    lastReconciled: last,
    lastReconciledDuration: goDuration(durationMs),
    lastReconciledStatus: status,
    metadata: { revision },
    totalReconciliations: total,
  };
}

function buildKustomization(k: FluxKustomizationSpec, revision: string, inventory: { id: string; v: string }[], t: Times, now: number, labels?: Record<string, string>): KubeObject {
  const deps = k.dependsOn.map((d) => dependencyRef(d, k.namespace)).map((r) => (r.namespace === k.namespace ? { name: r.name } : r));
  const spec: Record<string, unknown> = {
    ...(deps.length ? { dependsOn: deps } : {}),
    interval: k.interval,
    path: k.path,
    prune: true,
    retryInterval: '2m',
    sourceRef: { kind: k.sourceRef.kind, name: k.sourceRef.name, ...(k.sourceRef.namespace ? { namespace: k.sourceRef.namespace } : {}) },
    ...(k.suspend ? { suspend: true } : {}),
    ...(k.targetNamespace ? { targetNamespace: k.targetNamespace } : {}),
    timeout: '5m',
    wait: k.wait,
  };
  const seed = `${k.namespace}/${k.name}`;
  let conditions: Condition[] = setCondition([], { type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', message: `Applied revision: ${revision}`, observedGeneration: 1 }, t.updated);
  if (k.wait) conditions = setCondition(conditions, { type: 'Healthy', status: 'True', reason: 'Succeeded', message: `Health check passed in ${goDuration(5 + spread(`hc:${seed}`, 3000) / 100)}`, observedGeneration: 1 }, t.updated);
  const total = 1 + Math.floor((now - Date.parse(t.created)) / parseInterval(k.interval));
  return {
    apiVersion: fluxKinds.Kustomization.apiVersion,
    kind: 'Kustomization',
    metadata: { name: k.name, namespace: k.namespace, creationTimestamp: t.created, finalizers: ['finalizers.fluxcd.io'], generation: 1, ...(labels ? { labels } : {}) },
    spec,
    status: {
      conditions,
      history: [kustomizationHistoryEntry(revision, 'ReconciliationSucceeded', t.created, t.updated, total, 40 + spread(`dur:${seed}`, 900))],
      inventory: { entries: inventory },
      lastAppliedRevision: revision,
      lastAttemptedRevision: revision,
      observedGeneration: 1,
    },
  };
}

/** `flux get hr` REVISION: the chart version, or `<version>+<12 hex of the OCI digest>` for OCI chartRefs. */
export function chartVersionOf(h: FluxHelmReleaseSpec, oci: FluxSourceSpec | undefined): string {
  return oci ? `${h.version.replace(/^v/, '')}+${ociManifestDigest(oci).slice(7, 19)}` : h.version;
}

export function releaseSnapshot(h: { name: string; namespace: string; chart: string; appVersion?: string }, chartVersion: string, version: number, status: string, at: string, ociDigest?: string): Record<string, unknown> {
  return {
    appVersion: h.appVersion ?? chartVersion,
    chartName: h.chart,
    chartVersion,
    configDigest: sha256Digest(`config:${h.namespace}/${h.name}:${version}`),
    digest: sha256Digest(`release:${h.namespace}/${h.name}:${version}:${status}`),
    firstDeployed: at,
    lastDeployed: at,
    name: h.name,
    namespace: h.namespace,
    ...(ociDigest ? { ociDigest } : {}),
    status,
    version,
  };
}

function buildHelmRelease(h: FluxHelmReleaseSpec, oci: FluxSourceSpec | undefined, t: Times, labels?: Record<string, string>): KubeObject {
  const srcNs = h.sourceRef.namespace ?? h.namespace;
  const chartVersion = chartVersionOf(h, oci);
  const deps = h.dependsOn.map((d) => dependencyRef(d, h.namespace)).map((r) => (r.namespace === h.namespace ? { name: r.name } : r));
  const chart = oci
    ? { chartRef: { kind: 'OCIRepository', name: h.sourceRef.name, ...(h.sourceRef.namespace ? { namespace: h.sourceRef.namespace } : {}) } }
    : { chart: { spec: { chart: h.chart, reconcileStrategy: 'ChartVersion', sourceRef: { kind: 'HelmRepository', name: h.sourceRef.name, namespace: srcNs }, version: h.version } } };
  const message = `Helm install succeeded for release ${h.namespace}/${h.name}.v1 with chart ${h.chart}@${chartVersion}`;
  let conditions = setCondition([], { type: 'Ready', status: 'True', reason: 'InstallSucceeded', message, observedGeneration: 1 }, t.updated);
  conditions = setCondition(conditions, { type: 'Released', status: 'True', reason: 'InstallSucceeded', message, observedGeneration: 1 }, t.updated);
  const ociDigest = oci ? ociManifestDigest(oci) : undefined;
  const snapshot = releaseSnapshot(h, chartVersion, 1, 'deployed', t.created, ociDigest);
  return {
    apiVersion: fluxKinds.HelmRelease.apiVersion,
    kind: 'HelmRelease',
    metadata: { name: h.name, namespace: h.namespace, creationTimestamp: t.created, finalizers: ['finalizers.fluxcd.io'], generation: 1, ...(labels ? { labels } : {}) },
    spec: {
      ...chart,
      ...(deps.length ? { dependsOn: deps } : {}),
      interval: h.interval,
      ...(h.suspend ? { suspend: true } : {}),
      ...(h.valuesFrom ? { valuesFrom: h.valuesFrom } : {}),
    },
    status: {
      conditions,
      ...(oci ? {} : { helmChart: `${srcNs}/${h.namespace}-${h.name}` }),
      history: [snapshot],
      lastAttemptedConfigDigest: snapshot.configDigest,
      lastAttemptedGeneration: 1,
      lastAttemptedReleaseAction: 'install',
      lastAttemptedReleaseActionDuration: goDuration(2000 + spread(`install:${h.namespace}/${h.name}`, 60_000)),
      lastAttemptedRevision: chartVersion,
      ...(ociDigest ? { lastAttemptedRevisionDigest: ociDigest } : {}),
      observedGeneration: 1,
      storageNamespace: h.namespace,
    },
  };
}

function inventoryOf(k: FluxKustomizationSpec, tree: ExplicitFluxTree, owned: FluxHelmReleaseSpec[]): { id: string; v: string }[] {
  if (k.name === 'flux-system' && k.namespace === 'flux-system') {
    return [
      ...tree.kustomizations.filter((o) => o !== k).map((o) => ({ id: `${o.namespace}_${o.name}_kustomize.toolkit.fluxcd.io_Kustomization`, v: 'v1' })),
      ...tree.sources.filter((s) => s.namespace === 'flux-system' && s.kind !== 'GitRepository').map((s) => ({ id: `flux-system_${s.name}_source.toolkit.fluxcd.io_${s.kind}`, v: 'v1' })),
    ];
  }
  if (owned.length === 0) {
    const ns = k.targetNamespace ?? k.name;
    return [{ id: `_${ns}__Namespace`, v: 'v1' }, { id: `${ns}_${k.name}__Service`, v: 'v1' }, { id: `${ns}_${k.name}_apps_Deployment`, v: 'v1' }];
  }
  const entries: { id: string; v: string }[] = [];
  for (const h of owned) {
    entries.push({ id: `_${h.namespace}__Namespace`, v: 'v1' }, { id: `${h.namespace}_${h.name}_helm.toolkit.fluxcd.io_HelmRelease`, v: 'v2' });
    if (h.sourceRef.kind === 'OCIRepository' && (h.sourceRef.namespace ?? h.namespace) === h.namespace) {
      entries.push({ id: `${h.namespace}_${h.sourceRef.name}_source.toolkit.fluxcd.io_OCIRepository`, v: 'v1' });
    }
  }
  return [...new Map(entries.map((e) => [e.id, e])).values()];
}

export function buildFluxObjects(tree: FluxTreeSpec, opts: { now: number }): KubeObject[] {
  const t: ExplicitFluxTree = isGenerated(tree) ? generateFluxTree(tree.generate.objects, tree.generate.seed) : tree;
  const now = opts.now;
  const src = new Map(t.sources.map((s) => [`${s.kind}/${s.namespace}/${s.name}`, s]));
  const hasRoot = t.kustomizations.some((k) => k.name === 'flux-system' && k.namespace === 'flux-system');
  const rootKs = new Set(t.kustomizations.filter((k) => k.namespace === 'flux-system').map((k) => k.name));
  const ownerOf = (h: FluxHelmReleaseSpec): string | undefined => h.kustomization ?? (rootKs.has(h.name) ? h.name : undefined);
  const ownedBy = new Map<string, FluxHelmReleaseSpec[]>();
  for (const h of t.helmReleases) {
    const owner = ownerOf(h);
    if (owner) ownedBy.set(owner, [...(ownedBy.get(owner) ?? []), h]);
  }
  const rootLabels = hasRoot ? ownerLabels('flux-system') : undefined;
  const ociForChart = new Set(t.helmReleases.filter((h) => h.sourceRef.kind === 'OCIRepository').map((h) => `OCIRepository/${h.sourceRef.namespace ?? h.namespace}/${h.sourceRef.name}`));
  const hrOwningOci = new Map(t.helmReleases.filter((h) => h.sourceRef.kind === 'OCIRepository').map((h) => [`OCIRepository/${h.sourceRef.namespace ?? h.namespace}/${h.sourceRef.name}`, ownerOf(h)]));

  const out: KubeObject[] = [];
  const sourceObjects = new Map<string, KubeObject>();
  for (const s of t.sources) {
    const key = `${s.kind}/${s.namespace}/${s.name}`;
    const owner = s.namespace === 'flux-system' ? rootLabels : hrOwningOci.get(key) ? ownerLabels(hrOwningOci.get(key) as string) : rootLabels;
    const times = timesFor(key, now);
    const obj = buildSource(s, times.created, times.updated, ociForChart.has(key), s.kind === 'GitRepository' && s.name === 'flux-system' ? undefined : owner);
    sourceObjects.set(key, obj);
    out.push(obj);
  }
  for (const k of t.kustomizations) {
    const sref = `${k.sourceRef.kind}/${k.sourceRef.namespace ?? k.namespace}/${k.sourceRef.name}`;
    const source = src.get(sref);
    const revision = source ? sourceArtifact(source, '').revision : `main@sha1:${hexOf(sref, 40)}`;
    const owned = k.namespace === 'flux-system' ? (ownedBy.get(k.name) ?? []) : [];
    const isRoot = k.name === 'flux-system' && k.namespace === 'flux-system';
    out.push(buildKustomization(k, revision, inventoryOf(k, t, owned), timesFor(`ks:${k.namespace}/${k.name}`, now), now, isRoot ? undefined : rootLabels));
  }
  const charts: KubeObject[] = [];
  for (const h of t.helmReleases) {
    const key = `${h.sourceRef.kind}/${h.sourceRef.namespace ?? h.namespace}/${h.sourceRef.name}`;
    const oci = h.sourceRef.kind === 'OCIRepository' ? src.get(key) : undefined;
    const owner = ownerOf(h);
    const times = timesFor(`hr:${h.namespace}/${h.name}`, now);
    out.push(buildHelmRelease(h, oci, times, owner ? ownerLabels(owner) : rootLabels));
    const repo = sourceObjects.get(key);
    if (h.sourceRef.kind === 'HelmRepository' && repo) charts.push(buildHelmChart(h, repo, times.created, times.updated));
  }
  return [...out, ...charts];
}
