import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors/index.js';
import { clusterNodes, loadScenario, parseScenario } from './index.js';

function problems(text: string): string[] {
  try {
    parseScenario(text, 'bad.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error('expected the scenario to be rejected');
}

const minimal = (extra = '', node = '{ name: a-01, ip: 10.0.0.1 }') => `clusters:
  - name: a
    id: 1
    talosVersion: v1.11.5
    kubernetesVersion: v1.34.2
    asn: 64512
    peer: { address: 10.0.0.254, asn: 64501 }
    podCidr: 10.244.0.0/16
    serviceCidr: 10.245.0.0/16
    lbPool: { name: pool, start: 10.0.1.1, stop: 10.0.1.9 }
    nodes:
      - ${node}
${extra}`;

describe('shipped scenarios', () => {
  it('healthy, degraded and large load', () => {
    const healthy = loadScenario('healthy');
    expect(healthy.clusters.map((c) => c.name)).toEqual(['infra', 'apps']);
    expect(healthy.clusters.map((c) => c.flux)).toEqual([{ tree: 'home-infra' }, { tree: 'home-apps' }]);
    expect(loadScenario('degraded').faults.map((f) => `${f.fault} ${f.target}`)).toEqual([
      'bond-slave-down apps-02',
      'bgp-down apps-02',
      'etcd-member-down infra-03',
      'flux-failing ks/flux-system/cert-manager',
    ]);
    const large = loadScenario('large');
    expect(large.clusters.flatMap((c) => clusterNodes(c))).toHaveLength(50);
    expect(large.clusters.map((c) => c.flux)).toEqual([{ generate: { objects: 2500 } }, { generate: { objects: 2500 } }]);
  });

  it('an unknown name says which scenarios exist', () => {
    expect(() => loadScenario('nope')).toThrow(/scenario nope not found/);
  });
});

describe('scenario errors carry file:line:col and the path', () => {
  let dir: string | undefined;
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('a wrong type points at the value', () => {
    expect(problems(minimal().replace('asn: 64512', 'asn: lots'))).toEqual(['bad.yaml:6:10 clusters[0].asn: Invalid input: expected number, received string']);
  });

  it('an unknown fault points at the fault entry', () => {
    const p = problems(minimal('faults:\n  - { fault: disk-full, target: a-01 }\n'));
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/^bad\.yaml:14:14 faults\[0\]\.fault: Invalid option: expected one of "node-unreachable"\|/);
  });

  it('an unknown fault target lists the nodes', () => {
    expect(problems(minimal('faults:\n  - { fault: bgp-down, target: b-07 }\n'))).toEqual(['bad.yaml:14:32 faults[0].target: unknown node b-07 (nodes: a-01)']);
  });

  it('a bad IP points at the address', () => {
    const p = problems(minimal('', '{ name: a-01, ip: 10.0.0.300 }'));
    expect(p).toEqual(['bad.yaml:12:27 clusters[0].nodes[0].ip: must be an IPv4 address']);
  });

  it('YAML syntax errors are located too', () => {
    const p = problems('clusters:\n  - name: [unclosed\n');
    expect(p[0]).toMatch(/^bad\.yaml:\d+:\d+ \(yaml\): /);
  });

  it('loadScenario reports the file path it read', () => {
    dir = mkdtempSync(join(tmpdir(), 'plat-'));
    const file = join(dir, 'mine.yaml');
    writeFileSync(file, minimal().replace('id: 1', 'id: zero'));
    expect(() => loadScenario(file)).toThrow(`scenario ${file} is invalid: ${file}:3:9 clusters[0].id: Invalid input: expected number, received string`);
  });
});

describe('cross-checks', () => {
  it('a service outside its pool and overlapping pools are reported with their paths', () => {
    const two = minimal().replace(/^/, '') + `  - name: b
    id: 2
    talosVersion: v1.11.5
    kubernetesVersion: v1.34.2
    asn: 64513
    peer: { address: 10.0.0.254, asn: 64501 }
    podCidr: 10.246.0.0/16
    serviceCidr: 10.247.0.0/16
    lbPool: { name: pool-b, start: 10.0.1.5, stop: 10.0.1.20 }
    nodes:
      - { name: b-01, ip: 10.0.0.2 }
    services:
      - { namespace: web, name: site, ip: 10.0.2.1 }
`;
    expect(problems(two)).toEqual([
      'bad.yaml:21:13 clusters[1].lbPool: overlaps the LB pool pool of another cluster',
      'bad.yaml:25:43 clusters[1].services[0].ip: 10.0.2.1 is outside the pool 10.0.1.5-10.0.1.20',
    ]);
  });
});
