import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { KubeResource } from '../kube/index.js';
import { buildInventoryTree, parseInventoryId, renderInventoryTree } from './inventory-tree.js';

const fixture = (name: string): KubeResource => parse(readFileSync(new URL(`../../test/fixtures/flux/${name}.yaml`, import.meta.url), 'utf8')) as KubeResource;
const none = async (): Promise<undefined> => undefined;

describe('Kustomization inventory as a tree', () => {
  it('parses ids as cli-utils does: namespace first, group and kind last, __ for a colon', () => {
    expect(parseInventoryId('podinfo_podinfo_apps_Deployment')).toEqual({ namespace: 'podinfo', name: 'podinfo', group: 'apps', kind: 'Deployment' });
    expect(parseInventoryId('podinfo_podinfo__Service')).toEqual({ namespace: 'podinfo', name: 'podinfo', group: '', kind: 'Service' });
    expect(parseInventoryId('_podinfo__Namespace')).toEqual({ namespace: '', name: 'podinfo', group: '', kind: 'Namespace' });
    expect(parseInventoryId('_system__controller__x_rbac.authorization.k8s.io_ClusterRole')).toEqual({ namespace: '', name: 'system:controller:x', group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' });
    expect(parseInventoryId('garbage')).toBeUndefined();
  });

  it('draws the recorded inventory like flux tree (cluster-scoped objects without a namespace)', async () => {
    const tree = await buildInventoryTree(fixture('kustomization-dependency-not-ready'), none);
    expect(renderInventoryTree(tree)).toBe(
      ['Kustomization/flux-system/apps', '├── Namespace/podinfo', '├── Service/podinfo/podinfo', '├── Deployment/podinfo/podinfo', '└── HorizontalPodAutoscaler/podinfo/podinfo', ''].join('\n'),
    );
  });

  it('expands child Kustomizations and HelmReleases with an inventory (Flux ≥ 2.8); notes the rest', async () => {
    const root = fixture('kustomization-ready');
    (root.status as { inventory: { entries: { id: string; v: string }[] } }).inventory.entries = [
      { id: 'flux-system_cluster-infra_kustomize.toolkit.fluxcd.io_Kustomization', v: 'v1' },
      { id: 'flux-system_apps_kustomize.toolkit.fluxcd.io_Kustomization', v: 'v1' },
      { id: 'flux-system_gone_kustomize.toolkit.fluxcd.io_Kustomization', v: 'v1' },
      { id: 'ingress-nginx_ingress-nginx_helm.toolkit.fluxcd.io_HelmRelease', v: 'v2' },
      { id: 'cert-manager_cert-manager_helm.toolkit.fluxcd.io_HelmRelease', v: 'v2' },
    ];
    const objects: Record<string, KubeResource> = {
      'Kustomization/flux-system/apps': fixture('kustomization-dependency-not-ready'),
      'HelmRelease/ingress-nginx/ingress-nginx': fixture('helmrelease-upgraded-flux28'),
      'HelmRelease/cert-manager/cert-manager': fixture('helmrelease-installed'),
    };
    const tree = await buildInventoryTree(root, async (kind, ns, name) => objects[`${kind}/${ns}/${name}`]);
    const text = renderInventoryTree(tree);
    expect(text.split('\n').slice(0, 8)).toEqual([
      'Kustomization/flux-system/cluster-infra',
      '├── Kustomization/flux-system/apps',
      '│   ├── Namespace/podinfo',
      '│   ├── Service/podinfo/podinfo',
      '│   ├── Deployment/podinfo/podinfo',
      '│   └── HorizontalPodAutoscaler/podinfo/podinfo',
      '├── Kustomization/flux-system/gone  (not found)',
      '├── HelmRelease/ingress-nginx/ingress-nginx',
    ]);
    expect(text).toContain('│   ├── ServiceAccount/ingress-nginx/ingress-nginx\n');
    expect(text).toContain('│   ├── ClusterRole/ingress-nginx\n');
    expect(text).toMatch(/└── HelmRelease\/cert-manager\/cert-manager {2}\(objects not listed: a HelmRelease inventory needs Flux ≥ 2\.8\)\n$/);
    expect(text).not.toContain('├── Kustomization/flux-system/cluster-infra');
  });

  it('--compact keeps only Flux objects', async () => {
    const tree = await buildInventoryTree(fixture('kustomization-ready'), none, { compact: true });
    expect(tree.children).toHaveLength(0);
    const ks = fixture('kustomization-suspended');
    (ks.status as { inventory: { entries: { id: string }[] } }).inventory.entries.push({ id: 'flux-system_flux-system_source.toolkit.fluxcd.io_GitRepository' });
    expect(renderInventoryTree(await buildInventoryTree(ks, none, { compact: true }))).toBe('Kustomization/flux-system/flux-system\n└── GitRepository/flux-system/flux-system\n');
  });
});
