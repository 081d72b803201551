import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../config/index.js';
import { isConfigError, type ConfigError } from '../errors/index.js';
import { parseRunbook } from './load.js';

const config = parseConfigText(
  `clusters:
  - name: infra
    id: 1
    nodes:
      - { name: infra-01, ip: 10.25.11.11 }
      - { name: infra-02, ip: 10.25.11.12 }
      - { name: infra-03, ip: 10.25.11.13 }
  - name: apps
    id: 2
    nodes:
      - { name: apps-01, ip: 10.25.11.14 }
`,
  'plat.yaml',
);

function problems(text: string): string[] {
  try {
    parseRunbook(text, 'rb.yaml', config);
  } catch (e) {
    if (isConfigError(e)) return (e as ConfigError).problems;
    throw e;
  }
  throw new Error('expected the runbook to be refused');
}

describe('runbook files', () => {
  it('an unknown step kind is named with its line and a did-you-mean', () => {
    expect(problems('name: x\ncluster: infra\nsteps:\n  - kind: backup\n  - kind: talos-upgrad\n    image: ghcr.io/siderolabs/installer:v1.12.0\n')).toEqual([
      'rb.yaml:5:11 steps[1].kind: unknown step kind "talos-upgrad" (did you mean "talos-upgrade"?); expected one of: gate, backup, talos-upgrade, k8s-upgrade, flux-reconcile, wait, pause, exec',
    ]);
  });

  it('a missing field and a missing kind', () => {
    expect(problems('name: x\ncluster: infra\nsteps:\n  - kind: talos-upgrade\n    timeout: 20m\n  - image: foo\n')).toEqual([
      'rb.yaml:4:5 steps[0].image: is required (an installer image with a version tag (like ghcr.io/siderolabs/installer:v1.12.7))',
      'rb.yaml:6:5 steps[1]: kind is required (one of: gate, backup, talos-upgrade, k8s-upgrade, flux-reconcile, wait, pause, exec)',
    ]);
    expect(problems('cluster: infra\nsteps: []\n')).toEqual([
      'rb.yaml:1:1 name: is required (string)',
      'rb.yaml:2:8 steps: a runbook needs at least one step',
    ]);
  });

  it('bad version strings: an image without a version tag, a Kubernetes version YAML read as a number, a duration', () => {
    expect(
      problems(
        [
          'name: x',
          'cluster: infra',
          'steps:',
          '  - kind: talos-upgrade',
          '    image: ghcr.io/siderolabs/installer:latest',
          '  - kind: k8s-upgrade',
          '    to: 1.35',
          '  - kind: k8s-upgrade',
          '    to: "1.35.x"',
          '    timeout: 10 minutes',
          '',
        ].join('\n'),
      ),
    ).toEqual([
      'rb.yaml:5:12 steps[0].image: "ghcr.io/siderolabs/installer:latest" is not an installer image with a version tag (like ghcr.io/siderolabs/installer:v1.12.7)',
      'rb.yaml:7:9 steps[1].to: 1.35 is not a Kubernetes version (like 1.35.3) (quote it: YAML reads it as a number)',
      'rb.yaml:9:9 steps[2].to: "1.35.x" is not a Kubernetes version (like 1.35.3)',
      'rb.yaml:10:14 steps[2].timeout: "10 minutes" is not a duration (like 90s, 30m, 1h)',
    ]);
  });

  it('unknown keys and checks get a did-you-mean; plat.yaml decides the cluster and its nodes', () => {
    expect(problems('name: x\ncluster: infra\ngates: [etcd-healthy, etcd-helthy]\nsteps:\n  - kind: backup\n    retries: 3\n')).toEqual([
      'rb.yaml:3:23 gates[1].check: unknown check "etcd-helthy" (did you mean "etcd-healthy"?); expected one of: cluster-healthy, nodes-ready, etcd-healthy, etcd-no-alarm, flux-ready, bgp-established, bonds-healthy, backup-fresh',
      'rb.yaml:6:5 steps[0].retries: unknown key "retries" (expected one of: kind, name)',
    ]);
    expect(problems('name: x\ncluster: infar\nsteps:\n  - kind: backup\n')).toEqual(['rb.yaml:2:10 cluster: unknown cluster "infar" (did you mean "infra"?); clusters in plat.yaml: infra, apps']);
    expect(problems('name: x\ncluster: infra\nsteps:\n  - kind: talos-upgrade\n    image: ghcr.io/siderolabs/installer:v1.12.0\n    nodes: [infra-02, apps-01, infra-02]\n')).toEqual([
      'rb.yaml:6:23 steps[0].nodes[1]: "apps-01" is not a node of infra (infra-01, infra-02, infra-03)',
      'rb.yaml:6:32 steps[0].nodes[2]: infra-02 is listed twice',
    ]);
  });

  it('YAML syntax errors and a file that is not a map', () => {
    expect(problems('name: x\nsteps:\n  - kind: backup\n   bad: indent\n')[0]).toMatch(/^rb\.yaml:4:\d+ /);
    expect(problems('- just a list\n')).toEqual(['rb.yaml:1:1 (top level): expected a map with name, cluster and steps']);
  });

  it('reads shorthands and defaults, and remembers where each step is', () => {
    const r = parseRunbook('name: x\ncluster: infra\nsteps:\n  - kind: backup\n\n  - kind: wait\n    for: nodes-ready\n', 'rb.yaml', config);
    expect(r.runbook.gates).toEqual([{ check: 'cluster-healthy' }, { check: 'etcd-healthy' }, { check: 'etcd-no-alarm' }]);
    expect(r.runbook.steps[1]).toEqual({ kind: 'wait', for: { check: 'nodes-ready' }, timeout: '10m', interval: '10s' });
    expect(r.stepLines).toEqual([4, 6]);
    expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('the shipped examples are valid runbooks for the lab platform', () => {
    const lab = parseConfigText(
      `clusters:\n${['infra', 'apps'].map((c, i) => `  - name: ${c}\n    id: ${i + 1}\n    nodes:\n${[1, 2, 3].map((n) => `      - { name: ${c}-0${n}, ip: 10.25.11.${11 + i * 3 + n - 1} }`).join('\n')}`).join('\n')}\n`,
      'plat.yaml',
    );
    const dir = new URL('./examples/', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const f of files) expect(() => parseRunbook(readFileSync(new URL(f, dir), 'utf8'), f, lab)).not.toThrow();
  });
});
