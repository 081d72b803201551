/**
 * Shape tests: for each `talosctl get` sample in test/fixtures/talos the stand-in reproduces,
 * the stand-in's output has the same keys at every level (and key order where talosctl fixes
 * it), the same table columns, the same stream and exit code.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { ManualClock } from '../clock.js';
import { loadScenario, Twin } from '../twin/index.js';
import { runTalosctl, writeTalosconfig, type TalosconfigModel } from './index.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const sample = (name: string) => readFileSync(new URL(`../../../test/fixtures/talos/${name}`, import.meta.url), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'plat-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function lab(scenario = 'healthy') {
  const twin = new Twin(loadScenario(scenario), { clock: new ManualClock() });
  const config: TalosconfigModel = writeTalosconfig(join(dir, `${scenario}-talosconfig`), twin.clusters());
  const run = (...argv: string[]) => runTalosctl(twin, argv, { talosconfig: config, cwd: dir });
  return { twin, run };
}

/** Table header cells (tabwriter output: columns separated by 2+ spaces). */
const header = (text: string) => text.split('\n')[0]!.trim().split(/ {2,}/);

function keyShape(v: unknown): unknown {
  if (Array.isArray(v)) return v.length ? [keyShape(v[0])] : [];
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, keyShape((v as Record<string, unknown>)[k])]));
  return v === null ? 'null' : typeof v;
}

/** YAML documents as talosctl prints them, with the samples' `#` provenance comments removed. */
const yamlDocs = (text: string) => parseAllDocuments(text.replace(/^#.*\n/gm, '')).map((d) => d.toJS() as Record<string, unknown>);

/** Concatenated JSON objects (talosctl -o json): split on the `}\n{` boundaries. */
const jsonObjects = (text: string) => JSON.parse(`[${text.trim().replace(/\n}\n{/g, '\n},\n{')}]`) as Record<string, unknown>[];

describe('get members', () => {
  it('table: same columns as members-table-multinode.txt', async () => {
    const r = await lab().run('-n', '10.25.11.11,10.25.11.12', 'get', 'members');
    expect([r.exitCode, r.stderr]).toEqual([0, '']);
    expect(header(r.stdout)).toEqual(header(sample('members-table-multinode.txt')));
    expect(r.stdout.trim().split('\n')).toHaveLength(1 + 2 * 3);
  });

  it('yaml: same documents, key order and keys as members.reconstructed.yaml', async () => {
    const r = await lab().run('-n', '10.25.11.11,10.25.11.12', 'get', 'members', '-o', 'yaml');
    const ours = yamlDocs(r.stdout);
    const theirs = yamlDocs(sample('members.reconstructed.yaml'));
    expect(ours).toHaveLength(6);
    expect(r.stdout.startsWith('node: 10.25.11.11\nmetadata:\n    namespace: cluster\n')).toBe(true);
    expect(Object.keys(ours[0]!)).toEqual(Object.keys(theirs[0]!));
    expect(Object.keys(ours[0]!['metadata'] as object)).toEqual(Object.keys(theirs[0]!['metadata'] as object));
    expect(Object.keys(ours[0]!['spec'] as object)).toEqual(Object.keys(theirs[0]!['spec'] as object));
    expect(keyShape(ours[0])).toEqual(keyShape(theirs[0]));
    expect(r.stdout.match(/^---$/gm)).toHaveLength(5);
  });

  it('json: concatenated 4-space objects with sorted keys, like members.reconstructed.json', async () => {
    const r = await lab().run('-n', '10.25.11.11,10.25.11.12', 'get', 'members', '-o', 'json');
    const ours = jsonObjects(r.stdout);
    const theirs = jsonObjects(sample('members.reconstructed.json'));
    expect(ours).toHaveLength(6);
    expect(keyShape(ours[0])).toEqual(keyShape(theirs[0]));
    expect(r.stdout.slice(0, 40)).toBe(sample('members.reconstructed.json').slice(0, 40));
    expect(r.stdout.split('\n').find((l) => l.includes('"spec"'))).toBe('    "spec": {');
    expect(Object.keys(ours[0]!['spec'] as object)).toEqual(Object.keys(theirs[0]!['spec'] as object).sort());
  });
});

describe('get links', () => {
  it('table: columns of links-table-v1.10.txt on a v1.11 node, with ALIAS from v1.12 (links-table-maintenance.txt)', async () => {
    const { twin, run } = lab();
    const r = await run('-n', '10.25.11.11', 'get', 'links');
    expect(header(r.stdout)).toEqual(header(sample('links-table-v1.10.txt')));
    twin.node('10.25.11.12')!.talosVersion = 'v1.13.3';
    expect(header((await run('-n', '10.25.11.12', 'get', 'links')).stdout)).toEqual(header(sample('links-table-maintenance.txt')));
  });

  it('bond0 yaml/json: the keys of links-bond.yaml plus adLacpActive (the sample is the v1.12.6 LACP bug)', async () => {
    const { run } = lab();
    const theirs = yamlDocs(sample('links-bond.yaml'))[0]!;
    const expected = structuredClone(theirs) as { spec: { bondMaster: Record<string, unknown> } };
    expected.spec.bondMaster['adLacpActive'] = 'on';
    const y = await run('-n', '10.25.11.11', 'get', 'links', 'bond0', '-o', 'yaml');
    const ours = yamlDocs(y.stdout)[0]!;
    expect(keyShape(ours)).toEqual(keyShape(expected));
    expect(Object.keys(ours['spec'] as object)).toEqual(Object.keys(expected.spec));
    const j = await run('-n', '10.25.11.11', 'get', 'links', 'bond0', '-o', 'json');
    expect(keyShape(jsonObjects(j.stdout)[0])).toEqual(keyShape(jsonObjects(sample('links-bond.derived.json'))[0] && expected));
    expect(j.stdout).toMatch(/"bondMaster": \{\n {12}"adActorSysPrio": 65535,/);
  });

  it('a bond member: the keys of links-slave.reconstructed.yaml', async () => {
    const ours = yamlDocs((await lab().run('-n', '10.25.11.11', 'get', 'links', 'enp1s0f0', '-o', 'yaml')).stdout)[0]!;
    expect(keyShape(ours)).toEqual(keyShape(yamlDocs(sample('links-slave.reconstructed.yaml'))[0]));
  });
});

describe('get machinestatus, nodename, addresses, routes', () => {
  it('machinestatus yaml and table match machinestatus.reconstructed.yaml / misc-get-tables-v1.10.txt', async () => {
    const { twin, run } = lab();
    const ok = yamlDocs((await run('-n', '10.25.11.11', 'get', 'machinestatus', '-o', 'yaml')).stdout)[0]!;
    const [healthy, booting] = yamlDocs(sample('machinestatus.reconstructed.yaml'));
    expect(keyShape(ok)).toEqual(keyShape(healthy));
    twin.fault('node-unreachable', 'infra-02');
    (twin.clock as ManualClock).advance(40_000);
    twin.heal('node-unreachable', 'infra-02');
    twin.node('infra-02')!.kubeReady = 'False';
    const notReady = yamlDocs((await run('-n', '10.25.11.12', 'get', 'machinestatus', '-o', 'yaml')).stdout)[0]!;
    expect(keyShape(notReady)).toEqual(keyShape(booting));
    const table = (await run('-n', '10.25.11.11', 'get', 'machinestatus')).stdout;
    expect(header(table)).toEqual(header(sample('misc-get-tables-v1.10.txt').split('\n\n')[0]!));
  });

  it('nodename yaml and table', async () => {
    const { run } = lab();
    expect(keyShape(yamlDocs((await run('-n', '10.25.11.11', 'get', 'nodename', '-o', 'yaml')).stdout)[0])).toEqual(keyShape(yamlDocs(sample('nodename.reconstructed.yaml'))[0]));
    expect(header((await run('-n', '10.25.11.11', 'get', 'nodename')).stdout)).toEqual(header(sample('misc-get-tables-v1.10.txt').split('\n\n')[1]!));
    expect((await run('-n', '10.25.11.11', 'get', 'nodename', '-o', 'yaml')).stdout).toContain('    hostnameVersion: "2"\n');
  });

  it('addresses: address.yaml keys, addresses-table-maintenance.txt columns', async () => {
    const { run } = lab();
    const bond = yamlDocs((await run('-n', '10.25.11.11', 'get', 'addresses', 'bond0/10.25.11.11/24', '-o', 'yaml')).stdout)[0]!;
    expect(keyShape(bond)).toEqual(keyShape(yamlDocs(sample('address.yaml'))[0]));
    expect(header((await run('-n', '10.25.11.11', 'get', 'addresses')).stdout)).toEqual(header(sample('addresses-table-maintenance.txt')));
  });

  it('routes: routes-table-v1.10.txt columns, the default route id form', async () => {
    const r = await lab().run('-n', '10.25.11.11', 'get', 'routes');
    expect(header(r.stdout)).toEqual(header(sample('routes-table-v1.10.txt')));
    expect(r.stdout).toMatch(/^10\.25\.11\.11 +network +RouteStatus +inet4\/10\.25\.11\.1\/\/1024 /m);
  });
});

describe('get errors', () => {
  it('get bonds: NotFound, nothing registered (fact 10)', async () => {
    const r = await lab().run('get', 'bonds');
    expect(r).toEqual({ stdout: '', stderr: 'rpc error: code = NotFound desc = resource "bonds" is not registered\n', exitCode: 1 });
  });

  it('a missing ID: the multierror of error-get-notfound.txt (≤1.13)', async () => {
    const r = await lab().run('-n', '10.25.11.11', 'get', 'links', 'eth9');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe('1 error occurred:\n\t* rpc error: code = NotFound desc = resource LinkStatuses.net.talos.dev(network/eth9@undefined) doesn\'t exist\n\n\n');
    expect(r.stderr.replace(/LinkStatuses.*doesn't/, 'X doesn\'t')).toBe(sample('error-get-notfound.txt').replace(/NfTablesChains.*doesn't/, 'X doesn\'t'));
  });

  it('one unreachable node among several: output of the others, multierror without node prefix, exit 1', async () => {
    const { twin, run } = lab();
    twin.fault('node-unreachable', 'infra-02');
    const r = await run('-n', '10.25.11.11,10.25.11.12,10.25.11.13', 'get', 'members', '-o', 'json');
    expect(jsonObjects(r.stdout)).toHaveLength(6);
    expect(r.stderr).toBe('1 error occurred:\n\t* rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp 10.25.11.12:50000: connect: no route to host"\n\n\n');
    expect(r.exitCode).toBe(1);
  });

  it('v1.14 client: `error listing resources on node X:` and exit 1', async () => {
    const { twin, run } = lab();
    twin.talosctlVersion = 'v1.14.0';
    twin.fault('node-unreachable', 'infra-02');
    const r = await run('-n', '10.25.11.11,10.25.11.12', 'get', 'members');
    expect(r.stdout.trim().split('\n')).toHaveLength(4);
    // the nodes run v1.11.5, older than this client: the version WARNING comes first
    expect(r.stderr).toMatch(/^WARNING: 10\.25\.11\.11: server version 1\.11\.5 is older than client version 1\.14\.0\nerror listing resources on node 10\.25\.11\.12: rpc error: code = Unavailable desc = connection error: .*no route to host"\n$/);
    expect(r.exitCode).toBe(1);
  });

  it('a client newer than the nodes prints the version WARNING on stderr first (fact 7)', async () => {
    const { twin, run } = lab();
    twin.talosctlVersion = 'v1.12.1';
    const r = await run('-n', '10.25.11.11', 'get', 'nodename');
    expect(r.stderr).toBe('WARNING: 10.25.11.11: server version 1.11.5 is older than client version 1.12.1\n');
    expect(r.exitCode).toBe(0);
    expect(parse('a: 1')).toEqual({ a: 1 });
  });
});
