import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { KubeResource } from '../kube/index.js';
import { parseKind, refString } from './kinds.js';
import type { FluxRow } from './model.js';
import { fluxRow } from './readiness.js';
import { explainWhy } from './why.js';

const fixture = (name: string, rename?: { name?: string; namespace?: string }): KubeResource => {
  const o = parse(readFileSync(new URL(`../../test/fixtures/flux/${name}.yaml`, import.meta.url), 'utf8')) as KubeResource;
  Object.assign(o.metadata, rename ?? {});
  return o;
};
const rowOf = (o: KubeResource): FluxRow => fluxRow('apps', parseKind(String(o.kind)).kind, o);
const lookupOf = (...rows: FluxRow[]) => {
  const m = new Map(rows.map((r) => [refString(r), r]));
  return (ref: string) => m.get(ref);
};
const minutes = (iso: string, m: number): number => Date.parse(iso) + m * 60_000;

/** apps (blocked on infra-configs) as recorded. */
const apps = () => rowOf(fixture('kustomization-dependency-not-ready'));
/** The recorded health-check failure, standing in for the dependency apps names. */
const failingInfra = () => {
  const o = fixture('kustomization-failed-healthcheck', { name: 'infra-configs' });
  delete (o.spec as Record<string, unknown>).dependsOn;
  return rowOf(o);
};

describe('flux why', () => {
  it('walks DependencyNotReady to the failing dependency and says what to do', () => {
    const infra = failingInfra();
    const why = explainWhy(lookupOf(apps(), infra), apps(), { now: minutes('2026-07-21T09:05:13Z', 12) });
    expect(why.text).toBe(
      "ks/flux-system/apps ✗ DependencyNotReady → ks/flux-system/infra-configs ✗ HealthCheckFailed: health check failed after 5m0.018447902s: timeout waiting for: [Deployment/podinfo/podinfo status: 'InProgress'] (12m) → fix that first, then: plat flux reconcile ks/flux-system/infra-configs --cluster apps",
    );
    expect(why.chain.map((l) => l.state)).toEqual(['Blocked', 'Failed']);
    expect(why).toMatchObject({ ready: false, subject: 'ks/flux-system/apps', command: 'plat flux reconcile ks/flux-system/infra-configs --cluster apps' });
  });

  it('a dependency that does not exist ends the chain and names the field to fix', () => {
    const why = explainWhy(lookupOf(apps()), apps(), { now: Date.now() });
    expect(why.root).toMatchObject({ ref: 'ks/flux-system/infra-configs', state: 'Missing' });
    expect(why.text).toContain('→ ks/flux-system/infra-configs ✗ NotFound: not found in apps → ks/flux-system/infra-configs does not exist in apps: create it, or fix spec.dependsOn of ks/flux-system/apps');
  });

  it('detects a dependsOn cycle (Flux never does)', () => {
    const o = fixture('kustomization-dependency-not-ready', { name: 'infra-configs' });
    (o.spec as Record<string, unknown>).dependsOn = [{ name: 'apps' }];
    ((o.status as { conditions: { type: string; message: string }[] }).conditions.find((c) => c.type === 'Ready')!).message = "dependency 'flux-system/apps' is not ready";
    const why = explainWhy(lookupOf(apps(), rowOf(o)), apps(), { now: Date.now() });
    expect(why.cycle).toEqual(['ks/flux-system/apps', 'ks/flux-system/infra-configs', 'ks/flux-system/apps']);
    expect(why.advice).toBe('dependency cycle ks/flux-system/apps → ks/flux-system/infra-configs → ks/flux-system/apps: Flux never applies these; remove one spec.dependsOn entry');
  });

  it('a suspended dependency: resume it', () => {
    const infra = rowOf(fixture('kustomization-suspended', { name: 'infra-configs' }));
    const why = explainWhy(lookupOf(apps(), infra), apps(), { now: Date.now() });
    expect(why.text).toMatch(/→ ks\/flux-system\/infra-configs ‖ Suspended: Applied revision: refs\/heads\/main@sha1:d676e339 \(\S+\) → it is suspended: resume it: plat flux resume ks\/flux-system\/infra-configs --cluster apps$/);
  });

  it('a stalled HelmRelease dependency: reset it once fixed', () => {
    const o = fixture('helmrelease-upgraded-flux28');
    (o.spec as Record<string, unknown>).dependsOn = [{ name: 'podinfo', namespace: 'podinfo' }];
    const ready = (o.status as { conditions: Record<string, unknown>[] }).conditions.find((c) => c.type === 'Ready')!;
    Object.assign(ready, { status: 'False', reason: 'DependencyNotReady', message: "dependency 'podinfo/podinfo' is not ready" });
    const hr = rowOf(o);
    const stalled = rowOf(fixture('helmrelease-install-failed-stalled'));
    const why = explainWhy(lookupOf(hr, stalled), hr, { now: minutes('2026-07-22T08:03:19Z', 3) });
    expect(why.text).toBe(
      'hr/ingress-nginx/ingress-nginx ✗ DependencyNotReady → hr/podinfo/podinfo ✗ Stalled: Helm install failed for release podinfo/podinfo with chart podinfo@6.9.2: context deadline exceeded (3m) → it stalled and will not retry by itself: fix the release (values, chart), then reset its failure count: plat flux reconcile hr/podinfo/podinfo --cluster apps --reset',
    );
  });

  it('Ready on an old revision while its source fails is flagged', () => {
    const ks = rowOf(fixture('kustomization-ready'));
    const git = rowOf(fixture('gitrepository-auth-failed', { name: 'flux-system' }));
    const why = explainWhy(lookupOf(ks, git), ks, { now: minutes('2026-07-22T08:39:51Z', 5) });
    expect(why.ready).toBe(true);
    expect(why.text).toContain("but its source gitrepo/flux-system/flux-system ✗ GitOperationFailed: failed to checkout and determine revision: unable to list remote for 'http://gitea:3000/ana/fleet.git': authentication required: Failed to authenticate user (5m)");
    expect(why.advice).toBe('it stays on revision refs/heads/main@sha1:d676e339 until the source is fixed');
  });

  it('a missing artifact leads to the source', () => {
    const o = fixture('kustomization-dependency-not-ready');
    const ready = (o.status as { conditions: Record<string, unknown>[] }).conditions.find((c) => c.type === 'Ready')!;
    Object.assign(ready, { reason: 'ArtifactFailed', message: 'Source artifact not found, retrying in 30s' });
    const git = rowOf(fixture('gitrepository-auth-failed', { name: 'flux-system' }));
    const why = explainWhy(lookupOf(git), rowOf(o), { now: Date.now() });
    expect(why.chain.map((l) => l.ref)).toEqual(['ks/flux-system/apps', 'gitrepo/flux-system/flux-system']);
    expect(why.root.state).toBe('Failed');
  });

  it('a Ready object with a healthy source needs nothing', () => {
    const ks = rowOf(fixture('kustomization-ready'));
    const git = rowOf(fixture('gitrepository-ready'));
    expect(explainWhy(lookupOf(ks, git), ks, { now: minutes('2025-11-18T11:09:21Z', 90) }).text).toBe(
      'ks/flux-system/cluster-infra ✓ ReconciliationSucceeded: Applied revision: refs/heads/main@sha1:d676e339 (1h30m) → nothing to do',
    );
  });
});
