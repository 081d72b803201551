/**
 * Issue 8's actions on the lab, in process, on a ManualClock shared by the lab's Flux controllers
 * and plat's waiting: the real light KubeCluster talks HTTP to the lab API servers; time moves only
 * when the test says so, so "fails at once" is asserted as "the failure event carries the clock
 * time of the controller's failing write, with no further time passing" — no timing thresholds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, realClock, startLab, type Clock, type Lab } from '../../src/lab/index.js';
import { fluxKubeFor, locateOne, readFlux, reconcileFlux, suspendFlux, parseObjectRef, type FluxActionEvent } from '../../src/flux/index.js';
import { until } from '../support/until.js';

const DELAY = 300;
let lab: Lab;
let clock: ManualClock;
let kubeFor: ReturnType<typeof fluxKubeFor>;
const apps = [{ name: 'apps' }];

beforeAll(async () => {
  clock = new ManualClock(Date.parse('2026-11-27T12:00:00Z'));
  lab = await startLab({ scenario: 'healthy', clock, reconcileDelayMs: DELAY });
  kubeFor = fluxKubeFor({ kubeconfig: lab.env.KUBECONFIG, clusters: [{ name: 'infra' }, { name: 'apps' }] }, process.env);
});
afterAll(async () => {
  await lab?.stop();
});


function drive(gen: AsyncGenerator<FluxActionEvent>): { events: FluxActionEvent[]; done: Promise<void> } {
  const events: FluxActionEvent[] = [];
  const done = (async () => {
    for await (const e of gen) events.push(e);
  })();
  return { events, done };
}

const iso = (ms: number): string => new Date(ms).toISOString();
const target = (ref: string) => locateOne({ clusters: apps, kubeFor, ref: parseObjectRef(ref) });
const reconcile = async (ref: string) => {
  const t = await target(ref);
  return drive(reconcileFlux({ cluster: 'apps', kube: t.kube, served: t.served, object: t.object, clock, retryDelayMs: 10, recheckMs: 1_000 }));
};
const rowOf = async (name: string) => (await readFlux({ clusters: apps, kubeFor, kinds: ['Kustomization'] })).rows.find((r) => r.name === name)!;
const annotated = (run: { events: FluxActionEvent[] }) => run.events.some((e) => e.message.startsWith('waiting for Kustomization'));
const FAILURE = "health check failed after 5m0s: timeout waiting for: [Deployment/envoy-gateway/envoy-gateway-webhook status: 'InProgress']";

describe('flux actions on the lab', () => {
  it('reconcile: annotates with a token, waits for the controller to handle it, then reports the revision', async () => {
    const run = await reconcile('ks/flux-system/podinfo');
    await until('the run in progress', () => run.events.some((e) => e.message === 'Reconciliation in progress'));
    const annotate = run.events[0]!;
    expect(annotate.message).toMatch(/^annotating Kustomization podinfo in flux-system \(reconcile\.fluxcd\.io\/requestedAt = 2026-11-27T12:00:00\.\d+Z\)$/);
    const finishAt = clock.now() + DELAY;
    clock.advance(DELAY);
    await run.done;
    expect(run.events.at(-1)).toMatchObject({ type: 'done', cluster: 'apps', ref: 'ks/flux-system/podinfo', message: expect.stringMatching(/^applied revision main@sha1:[0-9a-f]{8}$/), at: iso(finishAt) });
    expect((await rowOf('podinfo')).lastHandledReconcileAt).toBe(annotate.message.match(/= (\S+)\)$/)![1]);
  });

  it('reconcile of a failing object ends at the failing write, with reason and message', async () => {
    lab.twin.fault('flux-failing', 'ks/flux-system/envoy-gateway');
    clock.advance(DELAY); // the controller's own retry fails first
    await until('envoy-gateway failed', async () => (await rowOf('envoy-gateway')).state === 'Failed');
    const run = await reconcile('ks/flux-system/envoy-gateway');
    await until('the run in progress', () => run.events.some((e) => e.message === 'Reconciliation in progress'));
    const failAt = clock.now() + DELAY;
    clock.advance(DELAY);
    await run.done; // and no more clock movement: nothing waits for a timeout
    expect(clock.now()).toBe(failAt);
    expect(run.events.at(-1)).toEqual({
      type: 'failed',
      action: 'reconcile',
      cluster: 'apps',
      ref: 'ks/flux-system/envoy-gateway',
      reason: 'HealthCheckFailed',
      message: `HealthCheckFailed: ${FAILURE}`,
      hint: 'fix the cause the message names, then: plat flux reconcile ks/flux-system/envoy-gateway --cluster apps',
      at: iso(failAt),
    });
  });

  it('a dependent of the failing object fails at once with the chain instead of retrying every 30 s', async () => {
    const run = await reconcile('ks/flux-system/podinfo');
    await until('the request annotated', () => annotated(run));
    const at = clock.now() + DELAY;
    clock.advance(DELAY);
    await run.done;
    expect(run.events.at(-1)).toMatchObject({
      type: 'failed',
      reason: 'DependencyNotReady',
      // The age comes from lastTransitionTime, which Kubernetes keeps in whole seconds.
      message: `DependencyNotReady → ks/flux-system/envoy-gateway ✗ HealthCheckFailed: ${FAILURE} (1s)`,
      hint: 'fix that first, then: plat flux reconcile ks/flux-system/envoy-gateway --cluster apps',
      at: iso(at),
    });
    expect((await rowOf('podinfo')).state).toBe('Blocked');
  });

  it('the chain resolves by reconciling its root once the cause is fixed', async () => {
    lab.twin.heal('flux-failing', 'ks/flux-system/envoy-gateway');
    const root = await reconcile('ks/flux-system/envoy-gateway');
    await until('root annotated', () => annotated(root));
    clock.advance(DELAY);
    await root.done;
    expect(root.events.at(-1)).toMatchObject({ type: 'done', ref: 'ks/flux-system/envoy-gateway' });
    // The blocked dependent is woken by its dependency turning Ready: nothing is done to it.
    const before = (await rowOf('podinfo')).lastHandledReconcileAt;
    clock.advance(DELAY);
    const podinfo = await until('podinfo Ready', async () => {
      const r = await rowOf('podinfo');
      return r.state === 'Ready' && r;
    });
    expect(podinfo.lastHandledReconcileAt).toBe(before);
  });

  it('blocked behind a dependency that is still reconciling is not a failure: it waits, then succeeds', async () => {
    lab.twin.fault('flux-failing', 'ks/flux-system/envoy-gateway');
    clock.advance(DELAY);
    await until('envoy-gateway failed', async () => (await rowOf('envoy-gateway')).state === 'Failed');
    const run = await reconcile('ks/flux-system/podinfo');
    await until('podinfo annotated', () => annotated(run));
    clock.advance(100);
    lab.twin.heal('flux-failing', 'ks/flux-system/envoy-gateway'); // its retry runs 300 ms from now
    clock.advance(DELAY - 100); // podinfo's run: the dependency is still in progress
    const blocked = await until('a blocked event', () => run.events.find((e) => e.type === 'blocked'));
    expect(blocked.message).toMatch(/^blocked: ks\/flux-system\/podinfo ✗ DependencyNotReady → ks\/flux-system\/envoy-gateway … Progressing: Reconciliation in progress/);
    clock.advance(100); // envoy-gateway Ready → podinfo woken
    clock.advance(DELAY);
    await run.done;
    expect(run.events.at(-1)).toMatchObject({ type: 'done', ref: 'ks/flux-system/podinfo' });
    expect(run.events.filter((e) => e.type === 'failed')).toEqual([]);
  });

  it('the wait survives a dropped watch and a 410 Gone', async () => {
    const server = lab.kube.get('apps')!;
    // The lab's controllers stay on the manual clock; plat's watch retries run on real timers here,
    // so a reconnect needs no hand-moved time (its back-off is not what this test is about).
    const retryOnRealTimers: Clock = { now: () => clock.now(), setTimeout: realClock.setTimeout, clearTimeout: realClock.clearTimeout };
    const t = await target('ks/flux-system/jellyfin');
    const run = drive(reconcileFlux({ cluster: 'apps', kube: t.kube, served: t.served, object: t.object, clock: retryOnRealTimers, retryDelayMs: 10 }));
    await until('the run in progress', () => run.events.some((e) => e.message === 'Reconciliation in progress'));
    server.dropWatches(); // dropped connection: resume from the last resourceVersion
    await until('the watch back after the drop', () => server.openWatches() === 1);
    server.dropWatches();
    server.compactWatchHistory(); // resuming now gets 410 Gone: only a new list is consistent
    await until('the watch back after the 410', () => server.openWatches() === 1);
    clock.advance(DELAY);
    await run.done;
    expect(run.events.at(-1)).toMatchObject({ type: 'done', ref: 'ks/flux-system/jellyfin', message: expect.stringMatching(/^applied revision /) });
  });

  it('suspend, then resume waiting for the new generation', async () => {
    const t = await target('ks/flux-system/immich');
    const suspend = drive(suspendFlux({ action: 'suspend', cluster: 'apps', kube: t.kube, served: t.served, objects: [t.object], clock }));
    await suspend.done;
    expect(suspend.events.map((e) => [e.type, e.message])).toEqual([['done', 'suspended']]);
    expect(await rowOf('immich')).toMatchObject({ suspended: true, state: 'Suspended' });
    clock.advance(DELAY); // the controller notes the suspension (and does nothing else)
    const again = await target('ks/flux-system/immich');
    const resume = drive(suspendFlux({ action: 'resume', cluster: 'apps', kube: again.kube, served: again.served, objects: [again.object], clock, retryDelayMs: 10 }));
    await until('the resume waiting', () => resume.events.some((e) => e.message === 'Reconciliation in progress'));
    const generation = again.object.metadata.generation! + 1;
    expect(resume.events[0]!.message).toBe(`resumed; waiting for generation ${generation} to reconcile`);
    clock.advance(DELAY);
    await resume.done;
    expect(resume.events.at(-1)).toMatchObject({ type: 'done', message: expect.stringMatching(/^applied revision /) });
    expect(await rowOf('immich')).toMatchObject({ suspended: false, state: 'Ready', observedGeneration: generation });
  });

  it('gives up after --timeout with "still running", never calling it a failure of the object', async () => {
    lab.flux.get('apps')!.sim.stop(); // the controllers of apps stop answering (last test: they stay stopped)
    const t = await target('ks/flux-system/paperless');
    const run = drive(reconcileFlux({ cluster: 'apps', kube: t.kube, served: t.served, object: t.object, clock, timeoutMs: 60_000 }));
    await until('the request annotated', () => annotated(run));
    clock.advance(59_999);
    await until('nothing final yet', () => run.events.at(-1)?.message === 'waiting for the controller to pick up the request');
    clock.advance(1);
    await run.done;
    expect(run.events.at(-1)).toEqual({
      type: 'timeout',
      action: 'reconcile',
      cluster: 'apps',
      ref: 'ks/flux-system/paperless',
      message: 'no result within 1m; last seen: waiting for the controller to pick up the request',
      hint: 'the controller keeps working on it; look again with: plat flux get ks -n flux-system --cluster apps',
      at: iso(clock.now()),
    });
  });
});
