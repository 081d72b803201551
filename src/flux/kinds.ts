/**
 * The Flux kinds plat reads, with every version a cluster may serve (newest first, reference/flux.md
 * §1: OCIRepository is v1 only from Flux 2.6, HelmRelease v2 from 2.3, Alert/Provider still
 * v1beta3 in 2.9), the names operators type (`ks`, `hr`, `gitrepo`…) and `<kind>/<ns>/<name>` refs.
 * Pure.
 */
import { UserError } from '../errors/index.js';

export type FluxKindName =
  | 'OCIRepository'
  | 'Bucket'
  | 'GitRepository'
  | 'HelmRepository'
  | 'HelmChart'
  | 'HelmRelease'
  | 'Kustomization'
  | 'Receiver'
  | 'Provider'
  | 'Alert';

export interface FluxKindInfo {
  kind: FluxKindName;
  group: string;
  /** Versions to try, preferred first. */
  versions: readonly string[];
  plural: string;
  /** What `plat flux …` prints and accepts first (flux's short names where it has one). */
  short: string;
  aliases: readonly string[];
  /** Alert and Provider v1beta3 have no status at all; `flux get` shows them Ready (get_alert.go). */
  statusless?: boolean;
  /** The controller that reconciles it (for "is it running?" advice). */
  controller: string;
}

const KS = 'kustomize.toolkit.fluxcd.io';
const HELM = 'helm.toolkit.fluxcd.io';
const SRC = 'source.toolkit.fluxcd.io';
const NOTE = 'notification.toolkit.fluxcd.io';

/** In `flux get all` order: sources, then appliers, then notifications. */
export const FLUX_KINDS: readonly FluxKindInfo[] = [
  { kind: 'OCIRepository', group: SRC, versions: ['v1', 'v1beta2'], plural: 'ocirepositories', short: 'ocirepo', aliases: ['oci', 'ocirepository'], controller: 'source-controller' },
  { kind: 'Bucket', group: SRC, versions: ['v1', 'v1beta2'], plural: 'buckets', short: 'bucket', aliases: [], controller: 'source-controller' },
  { kind: 'GitRepository', group: SRC, versions: ['v1', 'v1beta2'], plural: 'gitrepositories', short: 'gitrepo', aliases: ['git', 'gitrepository'], controller: 'source-controller' },
  { kind: 'HelmRepository', group: SRC, versions: ['v1', 'v1beta2'], plural: 'helmrepositories', short: 'helmrepo', aliases: ['helmrepository'], controller: 'source-controller' },
  { kind: 'HelmChart', group: SRC, versions: ['v1', 'v1beta2'], plural: 'helmcharts', short: 'chart', aliases: ['hc', 'helmchart'], controller: 'source-controller' },
  { kind: 'HelmRelease', group: HELM, versions: ['v2', 'v2beta2', 'v2beta1'], plural: 'helmreleases', short: 'hr', aliases: ['helmrelease'], controller: 'helm-controller' },
  { kind: 'Kustomization', group: KS, versions: ['v1', 'v1beta2'], plural: 'kustomizations', short: 'ks', aliases: ['kustomization'], controller: 'kustomize-controller' },
  { kind: 'Receiver', group: NOTE, versions: ['v1', 'v1beta3', 'v1beta2'], plural: 'receivers', short: 'receiver', aliases: [], controller: 'notification-controller' },
  { kind: 'Provider', group: NOTE, versions: ['v1beta3', 'v1beta2'], plural: 'providers', short: 'provider', aliases: ['alert-provider'], statusless: true, controller: 'notification-controller' },
  { kind: 'Alert', group: NOTE, versions: ['v1beta3', 'v1beta2'], plural: 'alerts', short: 'alert', aliases: [], statusless: true, controller: 'notification-controller' },
];

const byKind = new Map(FLUX_KINDS.map((k) => [k.kind, k]));
const byWord = new Map<string, FluxKindInfo>();
for (const k of FLUX_KINDS) for (const w of [k.kind, k.plural, k.short, ...k.aliases]) byWord.set(w.toLowerCase(), k);

/** Groups of kinds by one word, as `flux get sources all`. */
const GROUPS: Record<string, FluxKindName[]> = {
  all: FLUX_KINDS.map((k) => k.kind),
  sources: ['OCIRepository', 'Bucket', 'GitRepository', 'HelmRepository', 'HelmChart'],
  source: ['OCIRepository', 'Bucket', 'GitRepository', 'HelmRepository', 'HelmChart'],
};

export const fluxKind = (kind: FluxKindName): FluxKindInfo => byKind.get(kind)!;
const order = new Map(FLUX_KINDS.map((k, i) => [k.kind, i]));
export const kindOrder = (kind: FluxKindName): number => order.get(kind) ?? FLUX_KINDS.length;
export const isFluxKindName = (s: string): s is FluxKindName => byKind.has(s as FluxKindName);

const kindWords = (): string => FLUX_KINDS.map((k) => k.short).join(', ');

/** One kind from any spelling (`ks`, `Kustomization`, `kustomizations`), case-insensitive. */
export function parseKind(word: string): FluxKindInfo {
  const k = byWord.get(word.toLowerCase());
  if (!k) throw new UserError(`unknown Flux kind ${JSON.stringify(word)}`, { hint: `use one of ${kindWords()} (or the full kind name)` });
  return k;
}

/** Kinds from `plat flux get [kinds…]`; none means all. Also accepts "all", "sources" and comma lists. */
export function parseKinds(words: readonly string[]): FluxKindName[] {
  const wanted = new Set<FluxKindName>();
  for (const w of words.flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean)) {
    const group = GROUPS[w.toLowerCase()];
    if (group) group.forEach((k) => wanted.add(k));
    else wanted.add(parseKind(w).kind);
  }
  if (wanted.size === 0) return GROUPS.all!;
  return FLUX_KINDS.map((k) => k.kind).filter((k) => wanted.has(k));
}

export interface FluxObjectRef {
  kind: FluxKindName;
  namespace: string;
  name: string;
}

/** `Kustomization/flux-system/apps`: how rows name each other (dependsOn, sources). */
export const refString = (r: FluxObjectRef): string => `${r.kind}/${r.namespace}/${r.name}`;
/** `ks/flux-system/apps`: how plat prints an object for people to paste back. */
export const shortRef = (r: FluxObjectRef): string => `${fluxKind(r.kind).short}/${r.namespace}/${r.name}`;

export function refFromString(s: string): FluxObjectRef | undefined {
  const [kind, namespace, name, ...rest] = s.split('/');
  if (!kind || !namespace || !name || rest.length || !isFluxKindName(kind)) return undefined;
  return { kind, namespace, name };
}

/**
 * `<kind>/<ns>/<name>` or `<kind>/<name>` (namespace from -n, else flux-system as the flux CLI
 * defaults), with any kind spelling.
 */
export function parseObjectRef(text: string, defaultNamespace = 'flux-system'): FluxObjectRef {
  const parts = text.split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => p === '')) {
    throw new UserError(`cannot read ${JSON.stringify(text)} as a Flux object`, { hint: 'write <kind>/<namespace>/<name>, e.g. ks/flux-system/apps or hr/podinfo/podinfo' });
  }
  const info = parseKind(parts[0]!);
  const [namespace, name] = parts.length === 3 ? [parts[1]!, parts[2]!] : [defaultNamespace, parts[1]!];
  return { kind: info.kind, namespace, name };
}
