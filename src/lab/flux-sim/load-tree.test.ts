import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors/index.js';
import { loadFluxTree, parseFluxTreeYaml } from './load-tree.js';
import { loadNamedFluxTree } from './named-trees.js';

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

const TREE = `sources:
  - kind: GitRepository
    name: flux-system
    url: https://github.com/monosense/home-ops.git
kustomizations:
  - name: cilium
    path: ./kubernetes/infra/cilium
  - name: cert-manager
    path: ./kubernetes/infra/cert-manager
    dependsOn: [cilium, nope]
helmReleases:
  - name: cilium
    namespace: kube-system
    chart: cilium
    version: 1.18.2
    sourceRef: { kind: HelmRepository, name: cilium, namespace: flux-system }
`;

describe('loading Flux trees', () => {
  it('applies defaults to a valid tree', () => {
    const tree = parseFluxTreeYaml(TREE.replace(', nope', '').replace(/helmReleases:[\s\S]*$/, ''), 'tree.yaml');
    expect(tree).toEqual({
      sources: [{ kind: 'GitRepository', name: 'flux-system', namespace: 'flux-system', url: 'https://github.com/monosense/home-ops.git', interval: '1h' }],
      kustomizations: [
        { name: 'cilium', namespace: 'flux-system', path: './kubernetes/infra/cilium', sourceRef: { kind: 'GitRepository', name: 'flux-system' }, dependsOn: [], interval: '30m', wait: true },
        { name: 'cert-manager', namespace: 'flux-system', path: './kubernetes/infra/cert-manager', sourceRef: { kind: 'GitRepository', name: 'flux-system' }, dependsOn: ['cilium'], interval: '30m', wait: true },
      ],
      helmReleases: [],
    });
  });

  it('reports unknown references with file:line:col of the offending entry', () => {
    expect(problemsOf(() => parseFluxTreeYaml(TREE, 'trees/bad.yaml'))).toEqual([
      'trees/bad.yaml:10:25 kustomizations[1].dependsOn[1]: unknown Kustomization flux-system/nope',
      'trees/bad.yaml:16:16 helmReleases[0].sourceRef: unknown HelmRepository flux-system/cilium',
    ]);
  });

  it('reports schema errors and unknown fields at their position', () => {
    const text = 'kustomizations:\n  - name: cilium\n    pathh: ./x\n    wait: "yes"\n';
    expect(problemsOf(() => parseFluxTreeYaml(text, 'x.yaml'))).toEqual([
      'x.yaml:2:5 kustomizations[0].path: Invalid input: expected string, received undefined',
      'x.yaml:4:11 kustomizations[0].wait: Invalid input: expected boolean, received string',
      'x.yaml:3:5 kustomizations[0].pathh: unknown field ("pathh")',
    ]);
  });

  it('reports YAML syntax errors with their position', () => {
    expect(problemsOf(() => parseFluxTreeYaml('sources: [\n  - a', 'broken.yaml'))[0]).toMatch(/^broken\.yaml:\d+:\d+ /);
  });

  it('validates a tree built in code, naming its source when there is no position', () => {
    expect(problemsOf(() => loadFluxTree({ generate: { objects: 0 } }, 'scenario large'))).toEqual(['scenario large generate.objects: Too small: expected number to be >=1']);
    expect(loadFluxTree({ generate: { objects: 5000 } }, 'scenario large')).toEqual({ generate: { objects: 5000, seed: 'lab' } });
  });

  it('knows its named trees and refuses others by listing them', () => {
    expect(() => loadNamedFluxTree('home-infra')).not.toThrow();
    expect(() => loadNamedFluxTree('home-lab')).toThrow("unknown Flux tree 'home-lab'; known trees: home-apps, home-infra");
  });
});
