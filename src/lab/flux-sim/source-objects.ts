/**
 * Flux source objects (GitRepository, OCIRepository, HelmRepository, Bucket, HelmChart) as
 * source-controller leaves them when Ready: artifact shapes, revision formats and messages from
 * reference/flux.md §2.4 and the samples in test/fixtures/flux (gitrepository-ready.yaml, …).
 */
import type { KubeObject } from '../kube-api/index.js';
import { setCondition, type Condition } from './conditions.js';
import { commitSha, hexOf, sha256Digest, spread } from './fake-digest.js';
import { fluxKinds } from './flux-kinds.js';
import type { FluxSourceSpec } from './tree-schema.js';

const STORAGE = 'http://source-controller.flux-system.svc.cluster.local.';

export interface Artifact {
  digest: string;
  lastUpdateTime: string;
  path: string;
  revision: string;
  size: number;
  url: string;
  metadata?: Record<string, string>;
}

/** Git revision formats (flux.md §2.1): `<branch>@sha1:…`, `refs/heads/main@sha1:…` for ref.name, `<tag>@sha1:…`. */
export function gitRevision(s: FluxSourceSpec): string {
  const sha = s.ref?.commit ?? commitSha(`${s.url}#${JSON.stringify(s.ref ?? {})}`);
  const ref = s.ref?.name ?? s.ref?.tag ?? s.ref?.branch ?? (s.ref?.commit ? undefined : 'main');
  return ref ? `${ref}@sha1:${sha}` : `sha1:${sha}`;
}

/** The OCI tag a repository resolves to (semver ranges resolve to a fixed illustrative tag). */
export const ociTag = (s: FluxSourceSpec): string => s.ref?.tag ?? (s.ref?.semver ? s.ref.semver.replace(/[^0-9.]/g, '') || 'latest' : 'latest');
export const ociManifestDigest = (s: FluxSourceSpec): string => sha256Digest(`oci:${s.url}:${ociTag(s)}`);

export function sourceArtifact(s: FluxSourceSpec, updated: string): Artifact {
  const base = `${s.kind.toLowerCase()}/${s.namespace}/${s.name}`;
  const digest = sha256Digest(`artifact:${s.kind}:${s.namespace}/${s.name}:${s.url}`);
  const size = 4096 + spread(digest, 200_000);
  if (s.kind === 'GitRepository') {
    const rev = gitRevision(s);
    const sha = rev.slice(rev.indexOf('sha1:') + 5);
    return { digest, lastUpdateTime: updated, path: `${base}/${sha}.tar.gz`, revision: rev, size, url: `${STORAGE}/${base}/${sha}.tar.gz` };
  }
  if (s.kind === 'OCIRepository') {
    const manifest = ociManifestDigest(s);
    return {
      digest,
      lastUpdateTime: updated,
      path: `${base}/${manifest}.tar.gz`,
      revision: `${ociTag(s)}@${manifest}`,
      size,
      url: `${STORAGE}/${base}/${manifest}.tar.gz`,
      metadata: { 'org.opencontainers.image.source': s.url.replace(/^oci:\/\//, 'https://'), 'org.opencontainers.image.version': ociTag(s) },
    };
  }
  // HelmRepository index and Bucket: revision == digest (sha256 of the index / the bucket listing).
  const file = s.kind === 'HelmRepository' ? `index-${digest.slice(7)}.yaml` : `${digest.slice(7)}.tar.gz`;
  return { digest, lastUpdateTime: updated, path: `${base}/${file}`, revision: digest, size, url: `${STORAGE}/${base}/${file}` };
}

/** The Ready/ArtifactInStorage message each source kind writes on success. */
export function storedMessage(kind: string, revision: string, chart?: string): string {
  switch (kind) {
    case 'GitRepository':
      return `stored artifact for revision '${revision}'`;
    case 'OCIRepository':
      return `stored artifact for digest '${revision}'`;
    case 'HelmChart':
      return `pulled '${chart ?? ''}' chart with version '${revision}'`;
    default:
      return `stored artifact: revision '${revision}'`;
  }
}

export function readySourceConditions(kind: string, revision: string, generation: number, at: string, chart?: string): Condition[] {
  const reason = kind === 'HelmChart' ? 'ChartPullSucceeded' : 'Succeeded';
  const message = storedMessage(kind, revision, chart);
  let list: Condition[] = [];
  list = setCondition(list, { type: 'Ready', status: 'True', reason, message, observedGeneration: generation }, at);
  return setCondition(list, { type: 'ArtifactInStorage', status: 'True', reason, message, observedGeneration: generation }, at);
}

const meta = (name: string, namespace: string, created: string, labels?: Record<string, string>): KubeObject['metadata'] => ({
  name,
  namespace,
  creationTimestamp: created,
  finalizers: ['finalizers.fluxcd.io'],
  generation: 1,
  ...(labels ? { labels } : {}),
});

export function buildSource(s: FluxSourceSpec, created: string, updated: string, helmChartLayer: boolean, labels?: Record<string, string>): KubeObject {
  const spec: Record<string, unknown> = { interval: s.interval, url: s.url };
  if (s.kind === 'GitRepository') Object.assign(spec, { ref: s.ref ?? { branch: 'main' }, timeout: '60s' });
  if (s.kind === 'OCIRepository') {
    Object.assign(spec, { provider: 'generic', ref: s.ref ?? { tag: 'latest' }, timeout: '60s' });
    if (helmChartLayer) spec.layerSelector = { mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip', operation: 'copy' };
  }
  if (s.kind === 'HelmRepository') Object.assign(spec, { provider: 'generic', ...(s.type === 'oci' ? { type: 'oci' } : {}) });
  if (s.kind === 'Bucket') Object.assign(spec, { bucketName: s.name, endpoint: s.url.replace(/^\w+:\/\//, ''), provider: 'generic' });
  if (s.suspend) spec.suspend = true;
  const obj: KubeObject = { apiVersion: fluxKinds[s.kind].apiVersion, kind: s.kind, metadata: meta(s.name, s.namespace, created, labels), spec };
  // An OCI HelmRepository is static: source-controller resets its status to {} (flux.md §2.4).
  if (s.kind === 'HelmRepository' && s.type === 'oci') {
    const { finalizers: _dropped, ...metadata } = obj.metadata;
    return { ...obj, metadata, status: {} };
  }
  const artifact = sourceArtifact(s, updated);
  const status: Record<string, unknown> = { artifact, conditions: readySourceConditions(s.kind, artifact.revision, 1, updated), observedGeneration: 1 };
  if (s.kind === 'OCIRepository') {
    status.url = `${STORAGE}/ocirepository/${s.namespace}/${s.name}/latest.tar.gz`;
    if (spec.layerSelector) status.observedLayerSelector = spec.layerSelector;
  }
  if (s.kind === 'HelmRepository') status.url = `${STORAGE}/helmrepository/${s.namespace}/${s.name}/index.yaml`;
  if (s.kind === 'Bucket') status.url = `${STORAGE}/bucket/${s.namespace}/${s.name}/latest.tar.gz`;
  return { ...obj, status };
}

/** The HelmChart helm-controller generates for a chart-template HelmRelease: `<hr-ns>-<hr-name>` in the source's namespace. */
export function buildHelmChart(hr: { name: string; namespace: string; chart: string; version: string; interval: string }, repo: KubeObject, created: string, updated: string): KubeObject {
  const name = `${hr.namespace}-${hr.name}`;
  const ns = repo.metadata.namespace as string;
  const base = `helmchart/${ns}/${name}`;
  const artifact: Artifact = {
    digest: sha256Digest(`chart:${ns}/${name}:${hr.version}`),
    lastUpdateTime: updated,
    path: `${base}/${hr.chart}-${hr.version}.tgz`,
    revision: hr.version,
    size: 8192 + spread(`${name}${hr.version}`, 90_000),
    url: `${STORAGE}/${base}/${hr.chart}-${hr.version}.tgz`,
  };
  const repoArtifact = (repo.status as { artifact?: Artifact } | undefined)?.artifact;
  return {
    apiVersion: fluxKinds.HelmChart.apiVersion,
    kind: 'HelmChart',
    metadata: meta(name, ns, created, { 'helm.toolkit.fluxcd.io/name': hr.name, 'helm.toolkit.fluxcd.io/namespace': hr.namespace }),
    spec: { chart: hr.chart, interval: hr.interval, reconcileStrategy: 'ChartVersion', sourceRef: { kind: 'HelmRepository', name: repo.metadata.name }, version: hr.version },
    status: {
      artifact,
      conditions: readySourceConditions('HelmChart', hr.version, 1, updated, hr.chart),
      observedChartName: hr.chart,
      observedGeneration: 1,
      observedSourceArtifactRevision: repoArtifact?.revision ?? sha256Digest(hexOf(ns, 8)),
      url: `${STORAGE}/${base}/latest.tar.gz`,
    },
  };
}
