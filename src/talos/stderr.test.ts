import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mentionedNode, parseStderr, parseVersionSkew, shortReason } from './stderr.js';

const fx = (name: string) => readFileSync(new URL(`../../test/fixtures/talos/${name}`, import.meta.url), 'utf8');
const MEMBERS_NODES = ['192.168.1.52', '192.168.1.51', '192.168.1.53', '192.168.1.54'];

describe('parseStderr', () => {
  it('≤1.13: a WARNING multierror names the failed node (exit 0 form)', () => {
    expect(parseStderr(fx('etcd-members-worker-in-list.stderr.txt'), MEMBERS_NODES)).toEqual({
      nodeErrors: { '192.168.1.54': 'rpc error: code = Unimplemented desc = member list is only available on control plane nodes' },
      unattributed: [],
      warnings: [],
    });
  });

  it('≥1.14: `error from node X:` lines name the failed node (exit 1 form)', () => {
    expect(parseStderr(fx('etcd-members-worker-in-list.v1.14.derived.stderr.txt'), MEMBERS_NODES).nodeErrors).toEqual({
      '192.168.1.54': 'rpc error: code = Unimplemented desc = member list is only available on control plane nodes',
    });
  });

  it('≥1.14: the other per-node prefixes, hostnames and IPv6 nodes', () => {
    const text = [
      'error listing resources on node apps-02: rpc error: code = Unavailable desc = connection refused',
      'error getting version from node fd00::12: rpc error: code = DeadlineExceeded desc = context deadline exceeded',
      'error getting resource on node 10.25.11.16: rpc error: code = NotFound desc = resource x doesn\'t exist',
    ].join('\n');
    expect(parseStderr(text, ['apps-01', 'apps-02', 'fd00::12', '10.25.11.16']).nodeErrors).toEqual({
      'apps-02': 'rpc error: code = Unavailable desc = connection refused',
      'fd00::12': 'rpc error: code = DeadlineExceeded desc = context deadline exceeded',
      '10.25.11.16': "rpc error: code = NotFound desc = resource x doesn't exist",
    });
  });

  it('≤1.13: a prefixed multierror (every listed node failed) still names the node', () => {
    const r = parseStderr(fx('error-dashboard-node-down.txt'), ['10.0.20.3']);
    expect(Object.keys(r.nodeErrors)).toEqual(['10.0.20.3']);
    expect(r.nodeErrors['10.0.20.3']).toMatch(/^rpc error: code = Unavailable .*connect: connection refused"$/);
    expect(r.unattributed).toEqual([]);
  });

  it('≤1.13 get: multierror bullets without a node are kept as per-node errors with no name', () => {
    expect(parseStderr(fx('error-get-notfound.txt'), ['10.25.11.11'])).toEqual({
      nodeErrors: {},
      unattributed: [{ text: "rpc error: code = NotFound desc = resource NfTablesChains.net.talos.dev(network/ingress@undefined) doesn't exist", perNode: true }],
      warnings: [],
    });
  });

  it('plain single errors are unattributed and not per-node', () => {
    for (const f of ['error-unreachable-apply.txt', 'error-routes-connection-closed.txt', 'error-omni-io-timeout.txt']) {
      const r = parseStderr(fx(f), ['192.168.1.172']);
      expect(r.nodeErrors).toEqual({});
      expect(r.unattributed).toEqual([{ text: fx(f).trim(), perNode: false }]);
    }
  });

  it('keeps WARNING lines as warnings and cuts cobra usage text', () => {
    const r = parseStderr(fx('upgrade-tty-hang.txt').split('\n')[0]!, ['k8s-control-01']);
    expect(r.warnings).toEqual(['k8s-control-01: server version 1.7.4 is older than client version 1.7.5']);
    const withUsage = 'command "etcd snapshot" is not supported with multiple nodes\n\nUsage:\n  talosctl etcd snapshot <path> [flags]\n\nFlags:\n  -h, --help\n';
    expect(parseStderr(withUsage, ['a', 'b']).unattributed).toEqual([{ text: 'command "etcd snapshot" is not supported with multiple nodes', perNode: false }]);
  });

  it('joins the continuation lines of a multi-line node error', () => {
    const text = 'error from node 10.25.11.12: sequence error: 2 errors:\n    failed to remove member: etcdserver: member not found\n';
    expect(parseStderr(text, ['10.25.11.12']).nodeErrors['10.25.11.12']).toBe(
      'sequence error: 2 errors: failed to remove member: etcdserver: member not found',
    );
  });

  it('does not take an error word for a node name', () => {
    const text = '2 errors occurred:\n\t* etcdserver: member not found\n\t* 10.25.11.13: rpc error: code = Unavailable desc = x\n\n';
    const r = parseStderr(text, ['10.25.11.12', '10.25.11.13']);
    expect(r.nodeErrors).toEqual({ '10.25.11.13': 'rpc error: code = Unavailable desc = x' });
    expect(r.unattributed).toEqual([{ text: 'etcdserver: member not found', perNode: true }]);
  });
});

describe('mentionedNode', () => {
  it('finds exactly one requested node named in free text', () => {
    const text = fx('error-dashboard-node-down.txt');
    expect(mentionedNode(text, ['10.0.20.3', '10.0.20.31'])).toBe('10.0.20.3');
    expect(mentionedNode(text, ['10.0.20.30'])).toBeUndefined();
    expect(mentionedNode('dial tcp 10.0.0.1:50000 and 10.0.0.2:50000', ['10.0.0.1', '10.0.0.2'])).toBeUndefined();
  });
});

describe('parseVersionSkew', () => {
  it('reads the client/server skew warning', () => {
    expect(parseVersionSkew('WARNING: k8s-control-01: server version 1.7.4 is older than client version 1.7.5')).toEqual({
      node: 'k8s-control-01', server: '1.7.4', client: '1.7.5',
    });
    expect(parseVersionSkew('found resources which are going to be deprecated')).toBeUndefined();
  });
});

describe('shortReason', () => {
  it('shortens gRPC wording and bounds the length', () => {
    expect(shortReason(fx('error-get-notfound.txt').split('* ')[1]!)).toBe(
      "NotFound: resource NfTablesChains.net.talos.dev(network/ingress@undefined) doesn't exist",
    );
    expect(shortReason('x'.repeat(300))).toHaveLength(201);
  });
});
