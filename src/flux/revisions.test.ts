import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { KubeResource } from '../kube/index.js';
import { parseKind } from './kinds.js';
import { fluxRevisions } from './revisions.js';

const revisions = (name: string) => {
  const o = parse(readFileSync(new URL(`../../test/fixtures/flux/${name}.yaml`, import.meta.url), 'utf8')) as KubeResource;
  return fluxRevisions(parseKind(String(o.kind)).kind, o);
};

describe('the revisions of a recorded object, for the Flux detail', () => {
  it('a Kustomization: last applied and last attempted, commit hashes cut as flux get does', () => {
    expect(revisions('kustomization-ready')).toEqual([
      { label: 'last applied', value: 'refs/heads/main@sha1:d676e339' },
      { label: 'last attempted', value: 'refs/heads/main@sha1:d676e339' },
    ]);
  });

  it('a HelmRelease (v2, no lastAppliedRevision): the installed chart with its status, values uncut', () => {
    expect(revisions('helmrelease-upgraded-flux28')).toEqual([
      { label: 'installed chart', value: 'ingress-nginx 4.13.3 (deployed)' },
      { label: 'last attempted', value: '4.13.3' },
      { label: 'reconcile handled', value: '2026-07-20T05:14:11.902331+02:00' },
    ]);
  });

  it('a source: its artifact and when it was stored, a digest cut too', () => {
    expect(revisions('gitrepository-ready')).toEqual([
      { label: 'artifact', value: 'refs/heads/main@sha1:d676e339' },
      { label: 'artifact stored', value: '2025-11-06T21:36:36Z' },
      { label: 'reconcile handled', value: '2025-11-06T23:35:15.038685+02:00' },
    ]);
    expect(revisions('ocirepository-ready')[0]).toEqual({ label: 'artifact', value: 'v1.19.1@sha256:9578566b' });
  });
});
