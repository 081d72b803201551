/**
 * The resource types a lab cluster serves. Flux names, versions, short names and categories follow
 * reference/flux.md §1 (Flux 2.7+: OCIRepository v1, Alert/Provider still v1beta3); Cilium kinds
 * follow reference/network.md §1.2 (Cilium 1.18: BGPv2 CRDs and the LB pool on cilium.io/v2, the
 * BGPv1 CiliumBGPPeeringPolicy only on v2alpha1). Printer columns mirror the CRDs'
 * additionalPrinterColumns so `kubectl get` prints the columns operators know.
 */
import type { PrinterColumn, ResourceType } from './types.js';
import { backupJobResourceTypes } from './catalog-backup-job.js';

const age: PrinterColumn = { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' };
const ready: PrinterColumn = { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' };
const status: PrinterColumn = { name: 'Status', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].message' };
const url: PrinterColumn = { name: 'URL', type: 'string', jsonPath: '.spec.url' };

function flux(
  group: string,
  version: string,
  kind: string,
  plural: string,
  shortNames: string[],
  category: string,
  printerColumns: PrinterColumn[],
  statusSubresource = true,
): ResourceType {
  return {
    group,
    version,
    kind,
    plural,
    singular: kind.toLowerCase(),
    namespaced: true,
    shortNames,
    categories: ['all', 'fluxcd', category],
    statusSubresource,
    printerColumns,
  };
}

function cilium(version: string, kind: string, plural: string, shortNames: string[], statusSubresource: boolean, extra: PrinterColumn[] = []): ResourceType {
  return {
    group: 'cilium.io',
    version,
    kind,
    plural,
    singular: kind.toLowerCase(),
    namespaced: false,
    shortNames,
    // Cilium's kubebuilder markers put BGP kinds in {cilium,ciliumbgp} and the LB pool in {cilium}.
    categories: kind.startsWith('CiliumBGP') ? ['cilium', 'ciliumbgp'] : ['cilium'],
    statusSubresource,
    printerColumns: [...extra, age],
  };
}

const core = (kind: string, plural: string, namespaced: boolean, shortNames: string[], statusSubresource: boolean, categories?: string[]): ResourceType => ({
  group: '',
  version: 'v1',
  kind,
  plural,
  singular: kind.toLowerCase(),
  namespaced,
  shortNames,
  statusSubresource,
  ...(categories ? { categories } : {}),
});

export const coreResourceTypes: ResourceType[] = [
  core('Namespace', 'namespaces', false, ['ns'], true),
  core('Node', 'nodes', false, ['no'], true),
  core('Service', 'services', true, ['svc'], true, ['all']),
  core('Event', 'events', true, ['ev'], false),
];

const KS = 'kustomize.toolkit.fluxcd.io';
const HELM = 'helm.toolkit.fluxcd.io';
const SRC = 'source.toolkit.fluxcd.io';
const NOTIF = 'notification.toolkit.fluxcd.io';

export const fluxResourceTypes: ResourceType[] = [
  flux(KS, 'v1', 'Kustomization', 'kustomizations', ['ks'], 'fluxcd-appliers', [age, ready, status]),
  flux(HELM, 'v2', 'HelmRelease', 'helmreleases', ['hr'], 'fluxcd-appliers', [age, ready, status]),
  flux(SRC, 'v1', 'GitRepository', 'gitrepositories', ['gitrepo'], 'fluxcd-sources', [url, age, ready, status]),
  flux(SRC, 'v1', 'HelmRepository', 'helmrepositories', ['helmrepo'], 'fluxcd-sources', [url, age, ready, status]),
  flux(SRC, 'v1', 'HelmChart', 'helmcharts', ['hc'], 'fluxcd-sources', [
    { name: 'Chart', type: 'string', jsonPath: '.spec.chart' },
    { name: 'Version', type: 'string', jsonPath: '.spec.version' },
    { name: 'Source Kind', type: 'string', jsonPath: '.spec.sourceRef.kind' },
    { name: 'Source Name', type: 'string', jsonPath: '.spec.sourceRef.name' },
    age,
    ready,
    status,
  ]),
  flux(SRC, 'v1', 'OCIRepository', 'ocirepositories', ['ocirepo'], 'fluxcd-sources', [url, ready, status, age]),
  flux(SRC, 'v1', 'Bucket', 'buckets', [], 'fluxcd-sources', [{ name: 'Endpoint', type: 'string', jsonPath: '.spec.endpoint' }, age, ready, status]),
  // Alert and Provider v1beta3 have no status at all (flux.md §1).
  flux(NOTIF, 'v1beta3', 'Alert', 'alerts', [], 'fluxcd-notifications', [age], false),
  flux(NOTIF, 'v1beta3', 'Provider', 'providers', [], 'fluxcd-notifications', [age], false),
  flux(NOTIF, 'v1', 'Receiver', 'receivers', [], 'fluxcd-notifications', [age, ready, status]),
];

export const ciliumResourceTypes: ResourceType[] = [
  cilium('v2', 'CiliumBGPClusterConfig', 'ciliumbgpclusterconfigs', ['cbgpcluster'], true),
  cilium('v2', 'CiliumBGPPeerConfig', 'ciliumbgppeerconfigs', ['cbgppeer'], true),
  cilium('v2', 'CiliumBGPAdvertisement', 'ciliumbgpadvertisements', ['cbgpadvert'], false),
  cilium('v2', 'CiliumBGPNodeConfig', 'ciliumbgpnodeconfigs', ['cbgpnode'], true),
  cilium('v2', 'CiliumBGPNodeConfigOverride', 'ciliumbgpnodeconfigoverrides', ['cbgpnodeoverride'], false),
  cilium('v2', 'CiliumLoadBalancerIPPool', 'ciliumloadbalancerippools', ['ippools', 'ippool', 'lbippool', 'lbippools'], true, [
    { name: 'Disabled', type: 'boolean', jsonPath: '.spec.disabled' },
    { name: 'Conflicting', type: 'string', jsonPath: '.status.conditions[?(@.type=="cilium.io/PoolConflict")].status' },
    { name: 'IPs Available', type: 'string', jsonPath: '.status.conditions[?(@.type=="cilium.io/IPsAvailable")].message' },
  ]),
  {
    ...cilium('v2alpha1', 'CiliumBGPPeeringPolicy', 'ciliumbgppeeringpolicies', ['bgpp'], false),
    // Verbatim deprecation text of the type marker (network.md §1.1).
    deprecationWarning:
      'cilium.io/v2alpha1 CiliumBGPPeeringPolicy is deprecated; use cilium.io/v2 CRDs (CiliumBGPClusterConfig, CiliumBGPPeerConfig, CiliumBGPAdvertisement, CiliumBGPNodeConfigOverride) to configure BGP.',
  },
];

/** Everything a lab cluster serves by default. */
export const labResourceTypes: ResourceType[] = [...coreResourceTypes, ...backupJobResourceTypes, ...fluxResourceTypes, ...ciliumResourceTypes];

export function apiVersionOf(t: Pick<ResourceType, 'group' | 'version'>): string {
  return t.group ? `${t.group}/${t.version}` : t.version;
}

/** `kustomizations.kustomize.toolkit.fluxcd.io`, or `nodes` for the core group: how errors name a resource. */
export function qualifiedResource(t: Pick<ResourceType, 'group' | 'plural'>): string {
  return t.group ? `${t.plural}.${t.group}` : t.plural;
}

/** `Kustomization.kustomize.toolkit.fluxcd.io` (or `Node`): how 422 Invalid errors name a kind. */
export function qualifiedKind(t: Pick<ResourceType, 'group' | 'kind'>): string {
  return t.group ? `${t.kind}.${t.group}` : t.kind;
}
