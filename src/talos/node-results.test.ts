import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ActionFailed, ConfigError, Interrupted, ParseError, Unreachable, UserError } from '../errors/index.js';
import { parseEtcdMembers } from './etcd-members.js';
import { parseEtcdStatus } from './etcd-status.js';
import { parseResourceJson } from './json-stream.js';
import {
  assertRan, classifyFailure, groupByNode, mergeNodeResults, mergeSingleNodeRuns, oneByNode, type RunOutcome,
} from './node-results.js';

const fx = (name: string) => readFileSync(new URL(`../../test/fixtures/talos/${name}`, import.meta.url), 'utf8');
const run = (o: Partial<RunOutcome> & Pick<RunOutcome, 'command' | 'nodes'>): RunOutcome => ({ stdout: '', stderr: '', exitCode: 0, ...o });

const MEMBER_NODES = ['192.168.1.52', '192.168.1.51', '192.168.1.53', '192.168.1.54'];
const UNAVAILABLE = (ip: string) =>
  `rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp ${ip}:50000: connect: connection refused"`;

describe('mergeNodeResults: one dead node marks that node, not the cluster', () => {
  const members = fx('etcd-members.txt');

  it('≤1.13: WARNING multierror with exit 0 — the worker is an error, the others have rows', () => {
    const r = run({ command: 'talosctl etcd members', nodes: MEMBER_NODES, stdout: members, stderr: fx('etcd-members-worker-in-list.stderr.txt'), exitCode: 0 });
    const res = mergeNodeResults(r, groupByNode(parseEtcdMembers(members), MEMBER_NODES));
    expect(Object.keys(res.byNode).sort()).toEqual(['192.168.1.51', '192.168.1.52', '192.168.1.53']);
    expect(res.byNode['192.168.1.51']).toHaveLength(3);
    expect(res.errors).toEqual({ '192.168.1.54': 'Unimplemented: member list is only available on control plane nodes' });
    expect(res.warnings).toEqual([]);
  });

  it('≥1.14: `error from node` with exit 1 gives the same result', () => {
    const r = run({ command: 'talosctl etcd members', nodes: MEMBER_NODES, stdout: members, stderr: fx('etcd-members-worker-in-list.v1.14.derived.stderr.txt'), exitCode: 1 });
    const res = mergeNodeResults(r, groupByNode(parseEtcdMembers(members), MEMBER_NODES));
    expect(Object.keys(res.byNode)).toHaveLength(3);
    expect(res.errors).toEqual({ '192.168.1.54': 'Unimplemented: member list is only available on control plane nodes' });
  });

  it('an unreachable node next to healthy etcd members', () => {
    const nodes = ['172.20.0.2', '172.20.0.3', '172.20.0.4', '10.0.20.3'];
    const status = fx('etcd-status.txt');
    const r = run({ command: 'talosctl etcd status', nodes, stdout: status, stderr: fx('error-dashboard-node-down.txt'), exitCode: 1 });
    const res = mergeNodeResults(r, oneByNode(parseEtcdStatus(status).map((s) => [s.node, s]), nodes));
    expect(Object.keys(res.byNode)).toEqual(['172.20.0.4', '172.20.0.3', '172.20.0.2']);
    expect(res.errors).toEqual({
      '10.0.20.3': 'Unavailable: connection error: desc = "transport: Error while dialing: dial tcp 10.0.20.3:50000: connect: connection refused"',
    });
  });

  it('≤1.13 get: an unnamed bullet goes to the node it mentions', () => {
    const json = fx('members.reconstructed.json');
    const onlyFirst = parseResourceJson(json, 'talosctl get members').filter((m) => m.node === '172.20.0.2');
    const nodes = ['172.20.0.2', '172.20.0.3'];
    const stderr = `1 error occurred:\n\t* ${UNAVAILABLE('172.20.0.3')}\n\n`;
    const res = mergeNodeResults(run({ command: 'talosctl get members', nodes, stderr, exitCode: 1 }), groupByNode(onlyFirst, nodes), { emptyValue: [] });
    expect(res.byNode['172.20.0.2']).toHaveLength(5);
    expect(res.errors['172.20.0.3']).toMatch(/^Unavailable: .*dial tcp 172\.20\.0\.3:50000/);
    expect(res.byNode).not.toHaveProperty('172.20.0.3');
  });

  it('≤1.13 get of a missing id on one node: the NotFound belongs to that node', () => {
    const r = run({ command: 'talosctl get nftableschains', nodes: ['10.25.11.11'], stderr: fx('error-get-notfound.txt'), exitCode: 1 });
    expect(mergeNodeResults(r, {}, { emptyValue: [] })).toEqual({
      byNode: {},
      errors: { '10.25.11.11': "NotFound: resource NfTablesChains.net.talos.dev(network/ingress@undefined) doesn't exist" },
      warnings: [],
    });
  });

  it('keeps WARNING lines (version skew) next to results', () => {
    const nodes = ['k8s-control-01'];
    const res = mergeNodeResults(
      run({ command: 'talosctl etcd alarm list', nodes, stderr: fx('upgrade-tty-hang.txt').split('\n')[0]! }),
      {},
      { emptyValue: [] },
    );
    expect(res).toEqual({ byNode: { 'k8s-control-01': [] }, errors: {}, warnings: ['k8s-control-01: server version 1.7.4 is older than client version 1.7.5'] });
  });

  it('a node that printed nothing and reported nothing is an error when rows were expected', () => {
    const nodes = ['172.20.0.2', '172.20.0.3', '172.20.0.4', '172.20.0.5'];
    const status = fx('etcd-status.txt');
    const res = mergeNodeResults(run({ command: 'talosctl etcd status', nodes, stdout: status }), oneByNode(parseEtcdStatus(status).map((s) => [s.node, s]), nodes));
    expect(res.errors).toEqual({ '172.20.0.5': 'talosctl printed nothing for this node' });
  });
});

describe('mergeNodeResults: whole-call failures throw', () => {
  const nodes = ['192.168.1.172', '192.168.1.173', '192.168.1.174'];

  it('endpoint down (plain error, nothing on stdout) → Unreachable naming the command and nodes', () => {
    const r = run({ command: 'talosctl etcd status', nodes, stderr: fx('error-unreachable-apply.txt'), exitCode: 1 });
    expect(() => mergeNodeResults(r, {})).toThrow(Unreachable);
    expect(() => mergeNodeResults(r, {})).toThrow(
      'talosctl etcd status (nodes 192.168.1.172,192.168.1.173,192.168.1.174): error applying new configuration: Unavailable: connection error: desc = "transport: Error while dialing: dial tcp 192.168.1.172:50000: connect: no route to host"',
    );
  });

  it('newer grpc wording and a closed connection are Unreachable too', () => {
    for (const f of ['error-omni-io-timeout.txt', 'error-routes-connection-closed.txt']) {
      expect(() => mergeNodeResults(run({ command: 'talosctl version', nodes, stderr: fx(f), exitCode: 1 }), {})).toThrow(Unreachable);
    }
  });

  it('a talosconfig problem is a ConfigError with a hint', () => {
    const stderr = 'nodes are not set for the command: please use `--nodes` flag or configuration file to set the nodes to run the command against\n\nUsage:\n  talosctl services [<id>] [flags]\n';
    const err = (() => {
      try {
        mergeNodeResults(run({ command: 'talosctl services', nodes, stderr, exitCode: 1 }), {});
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toBe(
      'talosctl services: nodes are not set for the command: please use `--nodes` flag or configuration file to set the nodes to run the command against',
    );
    expect((err as ConfigError).hint).toMatch(/talosconfig/);
  });

  it('exit 1 with nothing printed → ActionFailed', () => {
    expect(() => mergeNodeResults(run({ command: 'talosctl services', nodes, exitCode: 1 }), {})).toThrow(
      new ActionFailed('talosctl services (nodes 192.168.1.172,192.168.1.173,192.168.1.174): talosctl exited with code 1 and printed no error'),
    );
  });

  it('exit 0 with nothing printed where rows were expected → ParseError; where none are needed → empty', () => {
    expect(() => mergeNodeResults(run({ command: 'talosctl services', nodes }), {})).toThrow(
      new ParseError('talosctl services', 'empty output where rows were expected'),
    );
    expect(mergeNodeResults(run({ command: 'talosctl etcd alarm list', nodes }), {}, { emptyValue: [] }).byNode).toEqual({
      '192.168.1.172': [], '192.168.1.173': [], '192.168.1.174': [],
    });
  });
});

describe('assertRan', () => {
  const base = { command: 'talosctl version', nodes: ['10.25.11.11', '10.25.11.12'], stdout: '', stderr: '' };

  it('missing binary → UserError telling to install talosctl', () => {
    const e = (() => { try { assertRan({ ...base, spawnError: 'ENOENT', bin: '/opt/bin/talosctl' }); } catch (x) { return x as UserError; } })();
    expect(e).toBeInstanceOf(UserError);
    expect(e!.message).toBe('talosctl not found: "/opt/bin/talosctl" is not an executable on PATH');
    expect(e!.hint).toMatch(/^install talosctl/);
  });

  it('timeout → Unreachable; cancel → Interrupted; foreign signal → ActionFailed; a normal exit passes', () => {
    expect(() => assertRan({ ...base, timedOut: true, timeoutMs: 15000 })).toThrow(Unreachable);
    expect(() => assertRan({ ...base, timedOut: true, timeoutMs: 15000 })).toThrow(
      'talosctl version: no answer within 15 s (nodes 10.25.11.11,10.25.11.12)',
    );
    expect(() => assertRan({ ...base, canceled: true })).toThrow(Interrupted);
    expect(() => assertRan({ ...base, signal: 'SIGKILL' })).toThrow(new ActionFailed('talosctl version: talosctl was ended by SIGKILL'));
    expect(() => assertRan({ ...base, exitCode: 1 })).not.toThrow();
  });
});

describe('classifyFailure', () => {
  it('sorts whole-call errors into typed errors', () => {
    expect(classifyFailure('talosctl get links', 'rpc error: code = PermissionDenied desc = no request forwarding', [])).toBeInstanceOf(ConfigError);
    expect(classifyFailure('talosctl get links', 'context "x" is not defined', [])).toBeInstanceOf(ConfigError);
    expect(classifyFailure('talosctl get bonds', 'rpc error: code = NotFound desc = resource "bonds" is not registered', ['a']).message).toBe(
      'talosctl get bonds (nodes a): NotFound: resource "bonds" is not registered',
    );
    expect(classifyFailure('talosctl upgrade', 'unknown flag: --drain', [])).toMatchObject({ hint: expect.stringMatching(/talosctl matching/) });
  });
});

describe('groupByNode / oneByNode', () => {
  it('give a blank NODE (maintenance mode) to the only node asked, and keep it blank otherwise', () => {
    const rows = [{ node: '', id: 'a' }, { node: '', id: 'b' }];
    expect(groupByNode(rows, ['5.135.136.115'])).toEqual({ '5.135.136.115': [{ node: '5.135.136.115', id: 'a' }, { node: '5.135.136.115', id: 'b' }] });
    expect(Object.keys(groupByNode(rows, ['x', 'y']))).toEqual(['']);
    expect(oneByNode([['', 1]], ['n1'])).toEqual({ n1: 1 });
  });
});

describe('mergeSingleNodeRuns (read: one process per node)', () => {
  it('keeps each node\'s file, and a failed or silent node as an error', () => {
    const bonding = fx('proc-net-bonding-802.3ad.txt');
    const res = mergeSingleNodeRuns([
      run({ command: 'talosctl read', nodes: ['10.25.11.11'], stdout: bonding }),
      run({ command: 'talosctl read', nodes: ['10.25.11.12'], stderr: `error reading file: ${UNAVAILABLE('10.25.11.12')}\n`, exitCode: 1 }),
      run({ command: 'talosctl read', nodes: ['10.25.11.13'], timedOut: true, timeoutMs: 15000, exitCode: undefined }),
    ]);
    expect(res.byNode).toEqual({ '10.25.11.11': bonding });
    expect(res.errors['10.25.11.12']).toMatch(/^error reading file: Unavailable: .*10\.25\.11\.12:50000: connect: connection refused"$/);
    expect(res.errors['10.25.11.13']).toBe('no answer within 15 s');
  });

  it('a talosconfig problem or a missing binary fails the whole call', () => {
    expect(() => mergeSingleNodeRuns([run({ command: 'talosctl read', nodes: ['a'], stderr: 'context "x" is not defined\n', exitCode: 1 })])).toThrow(ConfigError);
    expect(() => mergeSingleNodeRuns([run({ command: 'talosctl read', nodes: ['a'], spawnError: 'ENOENT', exitCode: undefined })])).toThrow(UserError);
  });
});
