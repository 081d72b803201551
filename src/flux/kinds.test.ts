import { describe, expect, it } from 'vitest';
import { parseKinds, parseObjectRef, shortRef } from './kinds.js';
import { reconcileToken } from './token.js';

describe('Flux object names', () => {
  it('reads <kind>/<ns>/<name> with short and full kinds', () => {
    expect(parseObjectRef('ks/flux-system/apps')).toEqual({ kind: 'Kustomization', namespace: 'flux-system', name: 'apps' });
    expect(parseObjectRef('HelmRelease/podinfo/podinfo')).toEqual({ kind: 'HelmRelease', namespace: 'podinfo', name: 'podinfo' });
    expect(parseObjectRef('gitrepositories/flux-system/flux-system').kind).toBe('GitRepository');
    expect(parseObjectRef('ocirepo/apps/x').kind).toBe('OCIRepository');
    expect(parseObjectRef('helmrepo/flux-system/x').kind).toBe('HelmRepository');
    expect(parseObjectRef('chart/flux-system/x').kind).toBe('HelmChart');
    expect(parseObjectRef('bucket/flux-system/x').kind).toBe('Bucket');
    expect(parseObjectRef('hr/podinfo', 'podinfo')).toEqual({ kind: 'HelmRelease', namespace: 'podinfo', name: 'podinfo' });
    expect(parseObjectRef('ks/apps')).toEqual({ kind: 'Kustomization', namespace: 'flux-system', name: 'apps' });
    expect(shortRef({ kind: 'HelmChart', namespace: 'a', name: 'b' })).toBe('chart/a/b');
  });

  it('refuses what it cannot read, saying how to write it', () => {
    expect(() => parseObjectRef('apps')).toThrow('cannot read "apps" as a Flux object');
    expect(() => parseObjectRef('deploy/a/b')).toThrow(/unknown Flux kind "deploy"/);
    try {
      parseObjectRef('deploy/a/b');
    } catch (e) {
      expect((e as { hint?: string }).hint).toBe('use one of ocirepo, bucket, gitrepo, helmrepo, chart, hr, ks, receiver, provider, alert (or the full kind name)');
    }
  });

  it('kinds for get: none means all, groups and comma lists in flux get all order', () => {
    expect(parseKinds([])).toHaveLength(10);
    expect(parseKinds(['ks', 'hr'])).toEqual(['HelmRelease', 'Kustomization']);
    expect(parseKinds(['sources'])).toEqual(['OCIRepository', 'Bucket', 'GitRepository', 'HelmRepository', 'HelmChart']);
    expect(parseKinds(['kustomizations,gitrepo'])).toEqual(['GitRepository', 'Kustomization']);
  });
});

describe('reconcile token', () => {
  it('is RFC 3339 with sub-millisecond digits, new on every call even on a stopped clock', () => {
    const at = Date.parse('2026-11-27T12:00:00.120Z');
    const a = reconcileToken(at);
    const b = reconcileToken(at);
    expect(a).toMatch(/^2026-11-27T12:00:00\.12\d{1,7}Z$/);
    expect(b).not.toBe(a);
    expect(reconcileToken(at, b)).not.toBe(b);
  });
});
