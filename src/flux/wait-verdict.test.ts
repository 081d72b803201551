import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { KubeResource } from '../kube/index.js';
import { reconcileVerdict, resumeVerdict } from './wait-verdict.js';

const fixture = (name: string): KubeResource => parse(readFileSync(new URL(`../../test/fixtures/flux/${name}.yaml`, import.meta.url), 'utf8')) as KubeResource;
const handledToken = (o: KubeResource): string => String((o.status as { lastHandledReconcileAt?: string }).lastHandledReconcileAt);

describe('when a reconcile is over', () => {
  it('waits until the controller handled our token', () => {
    const o = fixture('kustomization-failed-healthcheck');
    expect(reconcileVerdict('Kustomization', o, 'a-newer-token')).toEqual({ kind: 'waiting', message: 'waiting for the controller to pick up the request' });
  });

  it('fails at once on Ready=False with its reason and message (no kstatus hang on ProgressingWithRetry)', () => {
    const o = fixture('kustomization-failed-healthcheck');
    expect(reconcileVerdict('Kustomization', o, handledToken(o))).toEqual({
      kind: 'failed',
      reason: 'HealthCheckFailed',
      message: "health check failed after 5m0.018447902s: timeout waiting for: [Deployment/podinfo/podinfo status: 'InProgress']",
    });
  });

  it('a handled run that stalled fails with the Stalled message and says how to retry', () => {
    const o = fixture('helmrelease-install-failed-stalled');
    (o.status as Record<string, unknown>).lastHandledReconcileAt = 't1';
    expect(reconcileVerdict('HelmRelease', o, 't1')).toMatchObject({
      kind: 'failed',
      reason: 'RetriesExceeded',
      message: 'Failed to install after 1 attempt(s) (Helm install failed for release podinfo/podinfo with chart podinfo@6.9.2: context deadline exceeded)',
      hint: expect.stringContaining('reset its failure count'),
    });
  });

  it('succeeds on Ready=True at the current generation with the revision applied', () => {
    const o = fixture('helmrelease-upgraded-flux28');
    expect(reconcileVerdict('HelmRelease', o, handledToken(o))).toEqual({ kind: 'ready', message: 'applied revision 4.13.3' });
    const git = fixture('gitrepository-ready');
    expect(reconcileVerdict('GitRepository', git, handledToken(git))).toEqual({ kind: 'ready', message: 'fetched revision refs/heads/main@sha1:d676e339' });
  });

  it('a blocked dependency is not a failure: it names the dependency', () => {
    const o = fixture('kustomization-dependency-not-ready');
    (o.status as Record<string, unknown>).lastHandledReconcileAt = 't2';
    expect(reconcileVerdict('Kustomization', o, 't2')).toEqual({ kind: 'blocked', message: "dependency 'flux-system/infra-configs' is not ready", dependency: { namespace: 'flux-system', name: 'infra-configs' } });
  });

  it('a run in progress keeps waiting; a deleted object fails', () => {
    const o = fixture('kustomization-reconciling');
    (o.status as Record<string, unknown>).lastHandledReconcileAt = 't3';
    expect(reconcileVerdict('Kustomization', o, 't3')).toEqual({ kind: 'waiting', message: 'Reconciliation in progress' });
    expect(reconcileVerdict('Kustomization', undefined, 't3')).toMatchObject({ kind: 'failed', reason: 'NotFound' });
  });
});

describe('when a resume is over', () => {
  it('waits while the conditions still carry the generation before the resume', () => {
    // Recorded right after suspend: Ready True observed at generation 1; resume bumps to 3.
    const o = fixture('kustomization-suspended');
    delete (o.spec as Record<string, unknown>).suspend;
    o.metadata.generation = 3;
    expect(resumeVerdict('Kustomization', o, 3)).toEqual({ kind: 'waiting', message: 'waiting for the controller to observe generation 3' });
    const ready = (o.status as { conditions: Record<string, unknown>[] }).conditions[0]!;
    ready.observedGeneration = 3;
    (o.status as Record<string, unknown>).observedGeneration = 3;
    expect(resumeVerdict('Kustomization', o, 3)).toEqual({ kind: 'ready', message: 'applied revision refs/heads/main@sha1:d676e339' });
  });
});
