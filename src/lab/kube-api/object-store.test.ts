import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { createObjectStore } from './object-store.js';
import type { KubeObject, StoreChange } from './types.js';

const KS = 'kustomize.toolkit.fluxcd.io/v1';
const ks = (name: string, spec: Record<string, unknown> = { interval: '10m' }, extra: Partial<KubeObject> = {}): KubeObject => ({
  apiVersion: KS,
  kind: 'Kustomization',
  metadata: { name, namespace: 'flux-system' },
  spec,
  ...extra,
});

describe('ObjectStore', () => {
  it('assigns uid, creationTimestamp, generation 1 and a resourceVersion from one counter', () => {
    const clock = new ManualClock(Date.parse('2026-11-27T12:00:00.700Z'));
    const store = createObjectStore(undefined, { clock });
    const a = store.upsert(ks('a'));
    const n = store.upsert({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'infra-01' } });
    expect(a.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.metadata.creationTimestamp).toBe('2026-11-27T12:00:00Z');
    expect(a.metadata.generation).toBe(1);
    // The namespace flux-system was created first (rv 1), then the Kustomization, then the Node.
    expect(store.get('v1', 'Namespace', undefined, 'flux-system')?.metadata.resourceVersion).toBe('1');
    expect(a.metadata.resourceVersion).toBe('2');
    expect(n.metadata.resourceVersion).toBe('3');
    expect(n.metadata.generation).toBeUndefined();
    expect(store.resourceVersion()).toBe('3');
  });

  it('bumps generation on spec changes only, never on metadata or status', () => {
    const store = createObjectStore();
    const first = store.upsert(ks('a'));
    const annotated = store.mergePatch(KS, 'Kustomization', 'flux-system', 'a', { metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': 't1' } } });
    expect(annotated?.metadata.generation).toBe(1);
    expect(annotated?.metadata.uid).toBe(first.metadata.uid);
    const withStatus = store.setStatus(KS, 'Kustomization', 'flux-system', 'a', { observedGeneration: 1 });
    expect(withStatus?.metadata.generation).toBe(1);
    const suspended = store.mergePatch(KS, 'Kustomization', 'flux-system', 'a', { spec: { suspend: true } });
    expect(suspended?.metadata.generation).toBe(2);
    expect(suspended?.status).toEqual({ observedGeneration: 1 });
    const resumed = store.mergePatch(KS, 'Kustomization', 'flux-system', 'a', { spec: { suspend: null } });
    expect(resumed?.metadata.generation).toBe(3);
    expect(resumed?.spec).toEqual({ interval: '10m' });
    expect(Number(resumed?.metadata.resourceVersion)).toBeGreaterThan(Number(suspended?.metadata.resourceVersion));
  });

  it('hands out frozen snapshots and copies what it is given', () => {
    const store = createObjectStore();
    const input = ks('a');
    const stored = store.upsert(input);
    input.spec = { changed: true };
    expect(store.get(KS, 'Kustomization', 'flux-system', 'a')?.spec).toEqual({ interval: '10m' });
    expect(() => {
      (stored.metadata as { name: string }).name = 'b';
    }).toThrow(TypeError);
    expect(Object.isFrozen(store.list(KS, 'Kustomization')[0]?.spec)).toBe(true);
  });

  it('lists in namespace/name order and filters by namespace', () => {
    const store = createObjectStore();
    for (const [ns, name] of [['b', 'x'], ['a', 'z'], ['a', 'y']] as const) store.upsert({ ...ks(name), metadata: { name, namespace: ns } });
    expect(store.list(KS, 'Kustomization').map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['a/y', 'a/z', 'b/x']);
    expect(store.list(KS, 'Kustomization', 'a').map((o) => o.metadata.name)).toEqual(['y', 'z']);
    expect(store.list('v1', 'Namespace').map((o) => o.metadata.name)).toEqual(['a', 'b']);
  });

  it('emits DELETED with the deletion resourceVersion, and nothing for a missing object', () => {
    const store = createObjectStore();
    store.upsert(ks('a'));
    const seen: StoreChange[] = [];
    store.subscribe((c) => seen.push(c));
    expect(store.delete(KS, 'Kustomization', 'flux-system', 'a')).toBe(true);
    expect(store.delete(KS, 'Kustomization', 'flux-system', 'a')).toBe(false);
    expect(seen.map((c) => [c.type, c.object.metadata.resourceVersion])).toEqual([['DELETED', store.resourceVersion()]]);
    expect(store.setStatus(KS, 'Kustomization', 'flux-system', 'a', {})).toBeUndefined();
  });

  it('delivers changes made by a listener after the change that caused them, in order', () => {
    const store = createObjectStore();
    const order: string[] = [];
    store.subscribe((c) => {
      if (c.object.kind === 'Kustomization' && c.type === 'ADDED') store.setStatus(KS, 'Kustomization', 'flux-system', c.object.metadata.name, { ok: true });
    });
    store.subscribe((c) => order.push(`${c.type}:${c.object.kind}:${c.object.metadata.resourceVersion}`));
    store.upsert(ks('a'));
    expect(order).toEqual(['ADDED:Namespace:1', 'ADDED:Kustomization:2', 'MODIFIED:Kustomization:3']);
  });

  it('refuses unknown kinds and objects without a name or namespace', () => {
    const store = createObjectStore();
    expect(() => store.upsert({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x', namespace: 'y' } })).toThrow(/does not serve Deployment in apps\/v1/);
    expect(() => store.upsert({ apiVersion: KS, kind: 'Kustomization', metadata: { name: 'x' } })).toThrow(/needs metadata.namespace/);
    expect(() => store.upsert({ apiVersion: 'v1', kind: 'Node', metadata: { name: '' } })).toThrow(/without metadata.name/);
  });

  it('drops metadata.namespace on cluster-scoped kinds', () => {
    const store = createObjectStore();
    const pool = store.upsert({ apiVersion: 'cilium.io/v2', kind: 'CiliumLoadBalancerIPPool', metadata: { name: 'lb-pool', namespace: 'ignored' }, spec: {} });
    expect(pool.metadata.namespace).toBeUndefined();
    expect(store.get('cilium.io/v2', 'CiliumLoadBalancerIPPool', 'whatever', 'lb-pool')).toBe(pool);
  });
});
