import { describe, expect, it } from 'vitest';
import { compareWithCatalog, compareWithPreviousDrill, countByPrefix, keyPrefix } from './drill-compare.js';

describe('keyPrefix', () => {
  it.each([
    ['/registry/pods/kube-system/cilium-abcde', '/registry/pods'],
    ['/registry/minions/infra-01', '/registry/minions'],
    ['/registry/services/specs/default/kubernetes', '/registry/services'],
    ['/registry/services/endpoints/default/kubernetes', '/registry/services'],
    ['/registry/kustomize.toolkit.fluxcd.io/kustomizations/flux-system/cilium', '/registry/kustomize.toolkit.fluxcd.io/kustomizations'],
    ['/registry/apiregistration.k8s.io/apiservices/v1.', '/registry/apiregistration.k8s.io/apiservices'],
    ['/registry/health', '/registry/health'],
    ['/other/key', '/other'],
    ['compact_rev_key', '(no leading /)'],
  ])('%s → %s', (key, prefix) => expect(keyPrefix(key)).toBe(prefix));

  it('counts keys per resource, sorted by prefix', () => {
    expect(countByPrefix(['/registry/pods/a/x', '/registry/namespaces/a', '/registry/pods/b/y'])).toEqual({ '/registry/namespaces': 1, '/registry/pods': 2 });
    expect(Object.keys(countByPrefix(['/registry/z/1', '/registry/a/1']))).toEqual(['/registry/a', '/registry/z']);
  });
});

const seen = (over: Partial<Parameters<typeof compareWithCatalog>[1]> = {}) => ({
  revision: 9,
  keys: 8,
  prefixes: { '/registry/minions': 3, '/registry/namespaces': 5 },
  status: { hash: '4c318753', revision: 9, totalKeys: 12 },
  tool: 'etcdctl 3.4.23',
  ...over,
});

describe('compareWithCatalog', () => {
  it('agrees when revision, hash and key count match the catalog', () => {
    expect(compareWithCatalog({ revision: 9, snapshotHash: '4c318753', totalKeys: 12 }, seen())).toEqual({ problems: [], warnings: [] });
  });

  it('fails on a revision or hash that differs from the catalog, naming both values', () => {
    const v = compareWithCatalog({ revision: 10, snapshotHash: 'deadbeef', totalKeys: 12 }, seen());
    expect(v.problems).toEqual(['revision 9 after restore, 10 in the catalog', 'etcd hash 4c318753 (etcdctl 3.4.23 snapshot status), deadbeef in the catalog']);
  });

  it('accepts either meaning of "total keys" (etcd ≤3.5 counts every KV, ≥3.6 live keys) and notes anything else', () => {
    expect(compareWithCatalog({ totalKeys: 8 }, seen()).warnings).toEqual([]);
    expect(compareWithCatalog({ totalKeys: 12 }, seen()).warnings).toEqual([]);
    expect(compareWithCatalog({ totalKeys: 40 }, seen()).warnings[0]).toContain('"total keys" 40 matches neither etcdctl 3.4.23\'s 12 nor the 8 live keys');
  });

  it('fails an empty etcd and one that serves another revision than its snapshot says', () => {
    expect(compareWithCatalog(undefined, seen({ keys: 0, prefixes: {} })).problems).toEqual(['the restored etcd holds no keys at all']);
    expect(compareWithCatalog(undefined, seen({ revision: 3 })).problems).toEqual(["the restored etcd serves revision 3, but the snapshot's own status says 9"]);
  });

  it('notes an etcd without Kubernetes keys', () => {
    expect(compareWithCatalog(undefined, seen({ prefixes: { '/app': 8 } })).warnings).toEqual(['no /registry/ keys: this does not look like a Kubernetes etcd']);
  });
});

describe('compareWithPreviousDrill', () => {
  it('names resources that vanished since the last good drill', () => {
    const prev = { file: 'infra/etcd-infra-20261126T000000Z-rev5.db.gz', keys: 10, prefixes: { '/registry/secrets': 4, '/registry/pods': 6 } };
    expect(compareWithPreviousDrill(prev, { keys: 6, prefixes: { '/registry/pods': 6 } })).toEqual(['gone since the drill of infra/etcd-infra-20261126T000000Z-rev5.db.gz: /registry/secrets (4)']);
  });

  it('notes a cluster that lost more than half its keys, and says nothing without a previous drill', () => {
    const prev = { file: 'old', keys: 1000, prefixes: { '/registry/pods': 1000 } };
    expect(compareWithPreviousDrill(prev, { keys: 300, prefixes: { '/registry/pods': 300 } })).toEqual(['300 keys, fewer than half of the 1000 in the drill of old']);
    expect(compareWithPreviousDrill(undefined, { keys: 3, prefixes: {} })).toEqual([]);
  });
});
