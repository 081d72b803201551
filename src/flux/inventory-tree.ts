/**
 * A Kustomization's inventory as a tree, like `flux tree kustomization` (flux2 cmd/flux/
 * tree_kustomization.go, reference/flux.md §5): entries `<ns>_<name>_<group>_<kind>` (cli-utils
 * ParseObjMetadata: namespace up to the first `_`, group and kind after the last two, `__` in a
 * name stands for `:`), the Kustomization itself skipped, child Kustomizations expanded (unless the
 * parent applies to another cluster through spec.kubeConfig), HelmReleases expanded from their own
 * status.inventory (Flux ≥ 2.8; older releases keep it only in the Helm storage Secret, which plat
 * does not read). Fetching goes through the caller's resolver; parsing and drawing are pure.
 */
import type { KubeResource } from '../kube/index.js';

export interface InventoryObject {
  namespace: string;
  name: string;
  group: string;
  kind: string;
}

export interface InventoryNode {
  object: InventoryObject;
  children: InventoryNode[];
  /** Why a Flux child was not expanded (missing, a cycle, no inventory on this Flux version). */
  note?: string;
}

export type InventoryResolver = (kind: 'Kustomization' | 'HelmRelease', namespace: string, name: string) => Promise<KubeResource | undefined>;

export function parseInventoryId(id: string): InventoryObject | undefined {
  const first = id.indexOf('_');
  const last = id.lastIndexOf('_');
  if (first < 0 || last <= first) return undefined;
  const middle = id.slice(first + 1, last);
  const groupAt = middle.lastIndexOf('_');
  if (groupAt < 0) return undefined;
  const name = middle.slice(0, groupAt).replace(/__/g, ':');
  const kind = id.slice(last + 1);
  if (!name || !kind) return undefined;
  return { namespace: id.slice(0, first), name, group: middle.slice(groupAt + 1), kind };
}

export function inventoryOf(o: KubeResource): InventoryObject[] {
  const entries = ((o.status as { inventory?: { entries?: unknown } } | undefined)?.inventory?.entries ?? []) as unknown[];
  if (!Array.isArray(entries)) return [];
  return entries.map((e) => parseInventoryId(String((e as { id?: unknown }).id ?? ''))).filter((x): x is InventoryObject => x !== undefined);
}

const objectOf = (o: KubeResource, group: string, kind: string): InventoryObject => ({ namespace: o.metadata.namespace ?? '', name: o.metadata.name, group, kind });
const keyOf = (o: InventoryObject): string => `${o.group}/${o.kind}/${o.namespace}/${o.name}`;
const KS_GROUP = 'kustomize.toolkit.fluxcd.io';
const HR_GROUP = 'helm.toolkit.fluxcd.io';

export async function buildInventoryTree(root: KubeResource, resolve: InventoryResolver, opts: { compact?: boolean } = {}): Promise<InventoryNode> {
  const top = objectOf(root, root.kind === 'HelmRelease' ? HR_GROUP : KS_GROUP, root.kind ?? 'Kustomization');
  const visiting = new Set<string>([keyOf(top)]);

  async function expand(o: KubeResource, self: InventoryObject): Promise<InventoryNode[]> {
    const remote = Boolean((o.spec as { kubeConfig?: unknown } | undefined)?.kubeConfig);
    const items = inventoryOf(o).filter((i) => keyOf(i) !== keyOf(self));
    const kept = opts.compact ? items.filter((i) => i.group.includes('toolkit.fluxcd.io')) : items;
    return Promise.all(kept.map((i) => child(i, remote)));
  }

  async function child(i: InventoryObject, remote: boolean): Promise<InventoryNode> {
    const fluxKind = i.group === KS_GROUP && i.kind === 'Kustomization' ? 'Kustomization' : i.group === HR_GROUP && i.kind === 'HelmRelease' ? 'HelmRelease' : undefined;
    if (!fluxKind || remote) return { object: i, children: [] };
    if (visiting.has(keyOf(i))) return { object: i, children: [], note: 'already shown above (inventory cycle)' };
    const o = await resolve(fluxKind, i.namespace, i.name);
    if (!o) return { object: i, children: [], note: 'not found' };
    visiting.add(keyOf(i));
    const children = await expand(o, i);
    const hasInventory = Boolean((o.status as { inventory?: unknown } | undefined)?.inventory);
    return { object: i, children, ...(fluxKind === 'HelmRelease' && !hasInventory ? { note: 'objects not listed: a HelmRelease inventory needs Flux ≥ 2.8' } : {}) };
  }

  return { object: top, children: await expand(root, top) };
}

const label = (o: InventoryObject): string => (o.namespace ? `${o.kind}/${o.namespace}/${o.name}` : `${o.kind}/${o.name}`);

/** `├── `, `└── `, `│   ` as flux tree draws them (cmd/flux/testdata/tree/tree.golden). */
export function renderInventoryTree(root: InventoryNode): string {
  const lines = [label(root.object) + (root.note ? `  (${root.note})` : '')];
  const walk = (nodes: InventoryNode[], prefix: string): void => {
    nodes.forEach((n, i) => {
      const last = i === nodes.length - 1;
      lines.push(`${prefix}${last ? '└── ' : '├── '}${label(n.object)}${n.note ? `  (${n.note})` : ''}`);
      walk(n.children, prefix + (last ? '    ' : '│   '));
    });
  };
  walk(root.children, '');
  return lines.join('\n') + '\n';
}
