/** The Flux kinds the simulator drives, with the versions served by Flux ≥ 2.6 (flux.md §1). */
export const fluxKinds = {
  Kustomization: { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', group: 'kustomize.toolkit.fluxcd.io', plural: 'kustomizations', controller: 'kustomize-controller' },
  HelmRelease: { apiVersion: 'helm.toolkit.fluxcd.io/v2', group: 'helm.toolkit.fluxcd.io', plural: 'helmreleases', controller: 'helm-controller' },
  GitRepository: { apiVersion: 'source.toolkit.fluxcd.io/v1', group: 'source.toolkit.fluxcd.io', plural: 'gitrepositories', controller: 'source-controller' },
  OCIRepository: { apiVersion: 'source.toolkit.fluxcd.io/v1', group: 'source.toolkit.fluxcd.io', plural: 'ocirepositories', controller: 'source-controller' },
  HelmRepository: { apiVersion: 'source.toolkit.fluxcd.io/v1', group: 'source.toolkit.fluxcd.io', plural: 'helmrepositories', controller: 'source-controller' },
  HelmChart: { apiVersion: 'source.toolkit.fluxcd.io/v1', group: 'source.toolkit.fluxcd.io', plural: 'helmcharts', controller: 'source-controller' },
  Bucket: { apiVersion: 'source.toolkit.fluxcd.io/v1', group: 'source.toolkit.fluxcd.io', plural: 'buckets', controller: 'source-controller' },
} as const;

export type FluxKind = keyof typeof fluxKinds;

export interface FluxRef {
  kind: string;
  namespace: string;
  name: string;
}

export const isFluxKind = (kind: string): kind is FluxKind => Object.prototype.hasOwnProperty.call(fluxKinds, kind);

export const refKey = (r: FluxRef): string => `${r.kind}/${r.namespace}/${r.name}`;

export const REQUESTED_AT = 'reconcile.fluxcd.io/requestedAt';
export const FORCE_AT = 'reconcile.fluxcd.io/forceAt';
export const RESET_AT = 'reconcile.fluxcd.io/resetAt';
