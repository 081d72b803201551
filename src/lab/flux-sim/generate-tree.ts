/**
 * A synthetic Flux tree with exactly N objects (counting the HelmCharts helm-controller would
 * generate), spread over kinds and namespaces with dependsOn chains: for the `large` scenario and
 * benchmarks. App i is a Kustomization plus a HelmRelease whose chart comes either from its own
 * OCIRepository or from a shared HelmRepository (then with a generated HelmChart).
 */
import type { ExplicitFluxTree, FluxHelmReleaseSpec, FluxKustomizationSpec, FluxSourceSpec } from './tree-schema.js';

const TEAMS = 25;
const CHAIN = 10;

export function generateFluxTree(objects: number, seed = 'lab'): ExplicitFluxTree {
  const sources: FluxSourceSpec[] = [{ kind: 'GitRepository', name: 'flux-system', namespace: 'flux-system', url: `https://git.example.internal/${seed}/fleet.git`, ref: { branch: 'main' }, interval: '1m' }];
  const kustomizations: FluxKustomizationSpec[] = [];
  const helmReleases: FluxHelmReleaseSpec[] = [];
  const repos = new Set<string>();
  let count = 1;
  const ks = (name: string, dependsOn: string[]): FluxKustomizationSpec => ({
    name,
    namespace: 'flux-system',
    path: `./kubernetes/apps/${name}`,
    sourceRef: { kind: 'GitRepository', name: 'flux-system' },
    dependsOn,
    interval: '30m',
    wait: true,
  });

  for (let i = 0; ; i++) {
    const team = `team-${String(i % TEAMS).padStart(2, '0')}`;
    const app = `app-${String(i).padStart(5, '0')}`;
    const viaOci = i % 2 === 0;
    const repo = `charts-${i % TEAMS}`;
    const cost = viaOci ? 3 : 3 + (repos.has(repo) ? 0 : 1);
    if (count + cost > objects) break;
    const prevKs = i % CHAIN === 0 ? [] : [`app-${String(i - 1).padStart(5, '0')}`];
    kustomizations.push(ks(app, prevKs));
    // HelmReleases depend on the release two apps back (same chart kind), across team namespaces.
    const dep = i % CHAIN >= 2 ? [`team-${String((i - 2) % TEAMS).padStart(2, '0')}/app-${String(i - 2).padStart(5, '0')}`] : [];
    if (viaOci) {
      sources.push({ kind: 'OCIRepository', name: app, namespace: team, url: `oci://registry.example.internal/charts/${app}`, ref: { tag: `1.${i % 40}.0` }, interval: '12h' });
      helmReleases.push({ name: app, namespace: team, chart: app, version: `1.${i % 40}.0`, sourceRef: { kind: 'OCIRepository', name: app }, dependsOn: dep, interval: '1h', kustomization: app });
    } else {
      if (!repos.has(repo)) {
        repos.add(repo);
        sources.push({ kind: 'HelmRepository', name: repo, namespace: 'flux-system', url: `https://charts.example.internal/${repo}`, interval: '1h' });
      }
      helmReleases.push({ name: app, namespace: team, chart: `chart-${i % 60}`, version: `2.${i % 30}.1`, sourceRef: { kind: 'HelmRepository', name: repo, namespace: 'flux-system' }, dependsOn: dep, interval: '1h', kustomization: app });
    }
    count += cost;
  }
  // Fill the remainder with Kustomizations that apply plain manifests.
  for (let j = 0; count < objects; j++, count++) kustomizations.push(ks(`extra-${String(j).padStart(3, '0')}`, []));
  return { sources, kustomizations, helmReleases };
}
