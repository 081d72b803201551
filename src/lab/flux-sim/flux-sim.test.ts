import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { createObjectStore, type KubeObject, type ObjectStore } from '../kube-api/index.js';
import { buildFluxObjects } from './build-objects.js';
import { startFluxSim, type FluxSim } from './flux-sim.js';
import { loadNamedFluxTree } from './named-trees.js';

const KS = 'kustomize.toolkit.fluxcd.io/v1';
const HR = 'helm.toolkit.fluxcd.io/v2';
type Cond = { type: string; status: string; reason: string; message: string; observedGeneration?: number };
type Status = { conditions: Cond[]; lastHandledReconcileAt?: string; observedGeneration?: number; [k: string]: unknown };

let sim: FluxSim | undefined;
afterEach(() => sim?.stop());

function setup(): { store: ObjectStore; clock: ManualClock; sim: FluxSim } {
  const clock = new ManualClock(Date.parse('2026-11-27T12:00:00Z'));
  const store = createObjectStore(undefined, { clock });
  for (const o of buildFluxObjects(loadNamedFluxTree('home-infra'), { now: clock.now() })) store.upsert(o);
  sim = startFluxSim(store, { clock, reconcileDelayMs: 300 });
  return { store, clock, sim };
}

const ks = (store: ObjectStore, name: string): KubeObject => store.get(KS, 'Kustomization', 'flux-system', name) as KubeObject;
const statusOf = (o: KubeObject): Status => o.status as Status;
const cond = (o: KubeObject, type: string): Cond | undefined => statusOf(o).conditions.find((c) => c.type === type);
const request = (store: ObjectStore, apiVersion: string, kind: string, ns: string, name: string, token: string, extra: Record<string, string> = {}): void => {
  store.mergePatch(apiVersion, kind, ns, name, { metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': token, ...extra } } });
};
const eventsFor = (store: ObjectStore, name: string): KubeObject[] => store.list('v1', 'Event').filter((e) => (e.involvedObject as { name: string }).name === name);

describe('Flux simulator', () => {
  it('leaves a healthy tree alone', () => {
    const { store, clock } = setup();
    const before = store.resourceVersion();
    clock.advance(60_000);
    expect(store.resourceVersion()).toBe(before);
  });

  it('handles a reconcile request: Reconciling first, then Ready with the token after the delay', () => {
    const { store, clock } = setup();
    const revision = (store.get('source.toolkit.fluxcd.io/v1', 'GitRepository', 'flux-system', 'flux-system')?.status as { artifact: { revision: string } }).artifact.revision;
    request(store, KS, 'Kustomization', 'flux-system', 'cilium', '2026-11-27T13:00:00.123456+01:00');
    const running = ks(store, 'cilium');
    expect(statusOf(running).conditions.slice(0, 2)).toEqual([
      expect.objectContaining({ type: 'Reconciling', status: 'True', reason: 'Progressing', message: `Fetching manifests for revision ${revision} with a timeout of 5m0s` }),
      expect.objectContaining({ type: 'Ready', status: 'Unknown', reason: 'Progressing', message: 'Reconciliation in progress' }),
    ]);
    expect(statusOf(running).lastHandledReconcileAt).toBeUndefined();
    clock.advance(299);
    expect(cond(ks(store, 'cilium'), 'Ready')?.status).toBe('Unknown');
    clock.advance(1);
    const done = ks(store, 'cilium');
    expect(statusOf(done).lastHandledReconcileAt).toBe('2026-11-27T13:00:00.123456+01:00');
    expect(cond(done, 'Reconciling')).toBeUndefined();
    expect(cond(done, 'Ready')).toMatchObject({ status: 'True', reason: 'ReconciliationSucceeded', message: `Applied revision: ${revision}`, observedGeneration: 1 });
    expect(statusOf(done).history).toEqual([expect.objectContaining({ lastReconciledStatus: 'ReconciliationSucceeded' })]);
    const [event] = eventsFor(store, 'cilium');
    expect(event).toMatchObject({
      type: 'Normal',
      reason: 'ReconciliationSucceeded',
      message: expect.stringMatching(/^Reconciliation finished in [\d.]+m?s, next run in 30m0s$/),
      involvedObject: { apiVersion: KS, kind: 'Kustomization', name: 'cilium', namespace: 'flux-system', uid: done.metadata.uid },
      source: { component: 'kustomize-controller' },
      metadata: { annotations: { 'kustomize.toolkit.fluxcd.io/revision': revision } },
    });
  });

  it('fails a failing object with its reason and recovers once healed', () => {
    const { store, clock, sim } = setup();
    const message = "health check failed after 5m0.018s: timeout waiting for: [Deployment/cert-manager/cert-manager-webhook status: 'InProgress']";
    sim.setFailing({ kind: 'Kustomization', namespace: 'flux-system', name: 'cert-manager' }, { reason: 'HealthCheckFailed', message });
    clock.advance(300);
    const failed = ks(store, 'cert-manager');
    expect(statusOf(failed).conditions.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['Reconciling', 'True', 'ProgressingWithRetry'],
      ['Ready', 'False', 'HealthCheckFailed'],
      ['Healthy', 'False', 'HealthCheckFailed'],
    ]);
    expect(cond(failed, 'Ready')?.message).toBe(message);
    expect(cond(failed, 'Healthy')?.message).toBe("timeout waiting for: [Deployment/cert-manager/cert-manager-webhook status: 'InProgress']");
    expect(eventsFor(store, 'cert-manager').map((e) => [e.type, e.reason, e.message])).toEqual([['Warning', 'HealthCheckFailed', message]]);
    sim.setFailing({ kind: 'Kustomization', namespace: 'flux-system', name: 'cert-manager' }, null);
    clock.advance(300);
    expect(cond(ks(store, 'cert-manager'), 'Ready')).toMatchObject({ status: 'True', reason: 'ReconciliationSucceeded' });
    expect(() => sim.setFailing({ kind: 'Deployment', namespace: 'x', name: 'y' }, null)).toThrow(/unknown Flux kind Deployment/);
  });

  it('blocks on a dependency that is not ready and continues when the root is reconciled', () => {
    const { store, clock, sim } = setup();
    sim.setFailing({ kind: 'Kustomization', namespace: 'flux-system', name: 'cilium' }, { reason: 'ReconciliationFailed', message: 'DaemonSet/kube-system/cilium dry-run failed (Invalid)' });
    clock.advance(300);
    request(store, KS, 'Kustomization', 'flux-system', 'cert-manager', 't1');
    // A blocked object gets no Reconciling condition.
    expect(cond(ks(store, 'cert-manager'), 'Reconciling')).toBeUndefined();
    clock.advance(300);
    const blocked = ks(store, 'cert-manager');
    expect(cond(blocked, 'Ready')).toMatchObject({ status: 'False', reason: 'DependencyNotReady', message: "dependency 'flux-system/cilium' is not ready" });
    expect(statusOf(blocked).lastHandledReconcileAt).toBe('t1');
    expect(eventsFor(store, 'cert-manager').map((e) => [e.type, e.reason, e.message])).toEqual([['Normal', 'DependencyNotReady', 'Dependencies do not meet ready condition, retrying in 30s']]);
    // Fix the root and reconcile it: the dependent follows without waiting for its 30 s retry.
    sim.setFailing({ kind: 'Kustomization', namespace: 'flux-system', name: 'cilium' }, null);
    request(store, KS, 'Kustomization', 'flux-system', 'cilium', 't2');
    clock.advance(300);
    expect(cond(ks(store, 'cilium'), 'Ready')?.status).toBe('True');
    expect(cond(ks(store, 'cert-manager'), 'Ready')?.status).toBe('Unknown');
    clock.advance(300);
    expect(cond(ks(store, 'cert-manager'), 'Ready')).toMatchObject({ status: 'True', reason: 'ReconciliationSucceeded' });
  });

  it('retries a blocked object every 30 s', () => {
    const { store, clock, sim } = setup();
    sim.setFailing({ kind: 'Kustomization', namespace: 'flux-system', name: 'cilium' }, { reason: 'ReconciliationFailed', message: 'apply failed' });
    request(store, KS, 'Kustomization', 'flux-system', 'cert-manager', 't1');
    clock.advance(300);
    const first = ks(store, 'cert-manager').metadata.resourceVersion;
    clock.advance(29_999);
    expect(ks(store, 'cert-manager').metadata.resourceVersion).toBe(first);
    // The retry is a new run: after the requeue interval and the reconcile delay.
    clock.advance(301);
    const retried = ks(store, 'cert-manager');
    expect(retried.metadata.resourceVersion).not.toBe(first);
    expect(cond(retried, 'Ready')?.reason).toBe('DependencyNotReady');
  });

  it('honours suspend: no reconcile while suspended, a reconcile on resume', () => {
    const { store, clock } = setup();
    store.mergePatch(KS, 'Kustomization', 'flux-system', 'velero', { spec: { suspend: true } });
    clock.advance(300);
    const suspended = ks(store, 'velero');
    expect(suspended.metadata.generation).toBe(2);
    expect(statusOf(suspended).observedGeneration).toBe(2);
    expect(cond(suspended, 'Ready')).toMatchObject({ status: 'True', observedGeneration: 1 });
    request(store, KS, 'Kustomization', 'flux-system', 'velero', 't-suspended');
    expect(cond(ks(store, 'velero'), 'Reconciling')).toBeUndefined();
    clock.advance(300);
    const ignored = ks(store, 'velero');
    // The token is recorded (finalizeStatus runs) but nothing was reconciled (flux.md §2.2).
    expect(statusOf(ignored).lastHandledReconcileAt).toBe('t-suspended');
    expect(statusOf(ignored).conditions).toEqual(statusOf(suspended).conditions);
    expect(eventsFor(store, 'velero')).toEqual([]);
    store.mergePatch(KS, 'Kustomization', 'flux-system', 'velero', { spec: { suspend: null } });
    expect(cond(ks(store, 'velero'), 'Reconciling')?.status).toBe('True');
    clock.advance(300);
    const resumed = ks(store, 'velero');
    expect(statusOf(resumed).observedGeneration).toBe(3);
    expect(cond(resumed, 'Ready')).toMatchObject({ status: 'True', observedGeneration: 3 });
  });

  it('stalls a failed HelmRelease upgrade until a reset', () => {
    const { store, clock, sim } = setup();
    const ref = { kind: 'HelmRelease', namespace: 'cert-manager', name: 'cert-manager' };
    const hr = (): KubeObject => store.get(HR, 'HelmRelease', 'cert-manager', 'cert-manager') as KubeObject;
    sim.setFailing(ref, { reason: 'UpgradeFailed', message: 'Helm upgrade failed for release cert-manager/cert-manager with chart cert-manager@1.19.1: context deadline exceeded' });
    clock.advance(300);
    expect(statusOf(hr()).conditions.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['Stalled', 'True', 'RetriesExceeded'],
      ['Ready', 'False', 'UpgradeFailed'],
      ['Released', 'False', 'UpgradeFailed'],
    ]);
    expect(cond(hr(), 'Stalled')?.message).toBe('Failed to upgrade after 1 attempt(s)');
    expect(statusOf(hr())).toMatchObject({ failures: 1, upgradeFailures: 1, lastAttemptedReleaseAction: 'upgrade' });
    sim.setFailing(ref, null);
    request(store, HR, 'HelmRelease', 'cert-manager', 'cert-manager', 'plain');
    clock.advance(300);
    expect(cond(hr(), 'Stalled')?.status).toBe('True');
    expect(statusOf(hr()).lastHandledReconcileAt).toBe('plain');
    request(store, HR, 'HelmRelease', 'cert-manager', 'cert-manager', 'reset', { 'reconcile.fluxcd.io/resetAt': 'reset' });
    clock.advance(300);
    const recovered = statusOf(hr());
    expect(recovered.conditions.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['Ready', 'True', 'UpgradeSucceeded'],
      ['Released', 'True', 'UpgradeSucceeded'],
    ]);
    expect(recovered).toMatchObject({ lastHandledReconcileAt: 'reset', lastHandledResetAt: 'reset' });
    expect(recovered.failures).toBeUndefined();
    expect((recovered.history as { version: number; status: string }[]).map((h) => [h.version, h.status])).toEqual([[3, 'deployed'], [2, 'failed'], [1, 'superseded']]);
  });

  it('aggregates repeated events into count and lets them expire after an hour', () => {
    const { store, clock, sim } = setup();
    const ref = { kind: 'Kustomization', namespace: 'flux-system', name: 'spire' };
    sim.setFailing(ref, { reason: 'BuildFailed', message: 'kustomize build failed: accumulating resources' });
    clock.advance(300);
    request(store, KS, 'Kustomization', 'flux-system', 'spire', 'again');
    clock.advance(300);
    expect(eventsFor(store, 'spire').map((e) => [e.reason, e.count])).toEqual([['BuildFailed', 2]]);
    clock.advance(3_600_000);
    sim.setFailing(ref, null);
    clock.advance(300);
    expect(eventsFor(store, 'spire').map((e) => e.reason)).toEqual(['ReconciliationSucceeded']);
  });

  it('reconciles an object created without status', () => {
    const { store, clock } = setup();
    store.upsert({ apiVersion: KS, kind: 'Kustomization', metadata: { name: 'new-app', namespace: 'flux-system' }, spec: { interval: '10m', path: './apps/new', sourceRef: { kind: 'GitRepository', name: 'flux-system' }, dependsOn: [{ name: 'missing' }] } });
    clock.advance(300);
    expect(cond(ks(store, 'new-app'), 'Ready')).toMatchObject({ reason: 'DependencyNotReady', message: "dependency 'flux-system/missing' not found: kustomizations.kustomize.toolkit.fluxcd.io \"missing\" not found" });
  });
});
