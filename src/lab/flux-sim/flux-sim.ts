/**
 * The Flux controllers of the twin: watches the store and, like kustomize-, helm- and
 * source-controller, reconciles an object when its `reconcile.fluxcd.io/requestedAt` token or its
 * generation changes (a spec edit, `suspend: null` on resume). A run first marks the object
 * Reconciling, then — after `reconcileDelayMs` on the injected clock — writes the outcome and the
 * handled token. Blocked dependencies are retried every 30 s and as soon as the dependency is ready.
 */
import { UserError } from '../../errors/index.js';
import type { Clock } from '../clock.js';
import { kubeTime, type KubeObject, type ObjectStore, type StoreChange } from '../kube-api/index.js';
import { findCondition } from './conditions.js';
import { spread } from './fake-digest.js';
import { fluxKinds, isFluxKind, refKey, REQUESTED_AT, type FluxRef } from './flux-kinds.js';
import { FluxEventRecorder } from './flux-events.js';
import { artifactRevision, blockedBy, dependencies, readyForDependents, sourceOf, type Blocked } from './prerequisites.js';
import { blockedOutcome, suspendedOutcome, type RunContext, type RunOutcome } from './status-common.js';
import { helmReleaseFailed, helmReleaseProgress, helmReleaseSucceeded, stillStalled, type ChartInfo } from './status-helmrelease.js';
import { kustomizationFailed, kustomizationProgress, kustomizationSucceeded } from './status-kustomization.js';
import { sourceFailed, sourceProgress, sourceSucceeded } from './status-source.js';

export interface FluxFailure {
  reason: string;
  message: string;
}

export interface FluxSimOptions {
  clock: Clock;
  reconcileDelayMs?: number;
  /** --requeue-dependency of both controllers (default 30 s). */
  dependencyRetryMs?: number;
}

export interface FluxSim {
  /** Make every run of this object fail with `failure` (null heals); triggers a run now. */
  setFailing(ref: FluxRef, failure: FluxFailure | null): void;
  stop(): void;
}

type Plan = { kind: 'suspended' } | { kind: 'static' } | { kind: 'stalled'; outcome: RunOutcome } | { kind: 'blocked'; blocked: Blocked } | { kind: 'run' };

const rec = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});
const refOf = (o: KubeObject): FluxRef => ({ kind: o.kind, namespace: o.metadata.namespace ?? '', name: o.metadata.name });

export function startFluxSim(store: ObjectStore, opts: FluxSimOptions): FluxSim {
  const { clock } = opts;
  const delay = opts.reconcileDelayMs ?? 300;
  const retryMs = opts.dependencyRetryMs ?? 30_000;
  const failing = new Map<string, FluxFailure>();
  const pending = new Map<string, unknown>();
  const retries = new Map<string, unknown>();
  const events = new FluxEventRecorder(store, clock);
  let stopped = false;

  const get = (r: FluxRef): KubeObject | undefined => (isFluxKind(r.kind) ? store.get(fluxKinds[r.kind].apiVersion, r.kind, r.namespace, r.name) : undefined);
  const ctxFor = (o: KubeObject): RunContext => ({ at: kubeTime(clock.now()), atMs: clock.now(), generation: o.metadata.generation ?? 1, token: o.metadata.annotations?.[REQUESTED_AT] });
  const durationOf = (o: KubeObject, ctx: RunContext): number => 40 + spread(`${refKey(refOf(o))}:${ctx.token ?? ctx.generation}`, 2500);

  function plan(o: KubeObject, ctx: RunContext): Plan {
    if (rec(o.spec).suspend === true) return { kind: 'suspended' };
    if (o.kind === 'HelmRepository' && rec(o.spec).type === 'oci') return { kind: 'static' };
    const blocked = blockedBy(store, o);
    if (blocked) return { kind: 'blocked', blocked };
    if (o.kind === 'HelmRelease') {
      const outcome = stillStalled(o, ctx);
      if (outcome) return { kind: 'stalled', outcome };
    }
    return { kind: 'run' };
  }

  function chartOf(o: KubeObject): ChartInfo {
    const spec = rec(o.spec);
    const last = Array.isArray(rec(o.status).history) ? rec((rec(o.status).history as unknown[])[0]) : {};
    const chartRef = rec(spec.chartRef);
    if (chartRef.name) {
      const oci = store.get(fluxKinds.OCIRepository.apiVersion, 'OCIRepository', String(chartRef.namespace ?? o.metadata.namespace), String(chartRef.name));
      const [tag, digest] = (artifactRevision(oci) ?? '').split('@');
      const chart = String(last.chartName ?? chartRef.name);
      if (tag && digest) return { chart, version: `${tag.replace(/^v/, '')}+${digest.slice(7, 19)}`, ociDigest: digest };
      return { chart, version: String(last.chartVersion ?? '0.0.0') };
    }
    const tpl = rec(rec(spec.chart).spec);
    return { chart: String(tpl.chart ?? last.chartName ?? o.metadata.name), version: String(tpl.version ?? last.chartVersion ?? '*') };
  }

  function progress(o: KubeObject, ctx: RunContext): Record<string, unknown> {
    if (o.kind === 'Kustomization') return kustomizationProgress(o, ctx, artifactRevision(sourceOf(store, o).object) ?? '');
    if (o.kind === 'HelmRelease') return helmReleaseProgress(o, ctx);
    return sourceProgress(o, ctx);
  }

  function outcomeOf(o: KubeObject, ctx: RunContext): RunOutcome {
    const failure = failing.get(refKey(refOf(o)));
    const ms = durationOf(o, ctx);
    if (o.kind === 'Kustomization') {
      const revision = artifactRevision(sourceOf(store, o).object) ?? '';
      return failure ? kustomizationFailed(o, ctx, revision, failure.reason, failure.message, ms) : kustomizationSucceeded(o, ctx, revision, ms);
    }
    if (o.kind === 'HelmRelease') return failure ? helmReleaseFailed(o, ctx, chartOf(o), failure.reason, failure.message, ms) : helmReleaseSucceeded(o, ctx, chartOf(o), ms);
    if (failure) return sourceFailed(o, ctx, failure.reason, failure.message);
    const revision = artifactRevision(o) ?? String(rec(o.spec).version ?? '');
    return sourceSucceeded(o, ctx, revision, o.kind === 'HelmChart' ? String(rec(o.spec).chart ?? '') : undefined);
  }

  function finish(ref: FluxRef): void {
    const o = get(ref);
    if (!o || stopped) return;
    const ctx = ctxFor(o);
    const p = plan(o, ctx);
    if (p.kind === 'static') return;
    let outcome: RunOutcome;
    if (p.kind === 'suspended') outcome = suspendedOutcome(o, ctx);
    else if (p.kind === 'stalled') outcome = p.outcome;
    else if (p.kind === 'blocked') {
      outcome = blockedOutcome(o, ctx, p.blocked.reason, p.blocked.message, p.blocked.event);
      retryLater(ref);
    } else outcome = outcomeOf(o, ctx);
    const written = store.setStatus(o.apiVersion, o.kind, o.metadata.namespace, o.metadata.name, outcome.status);
    if (written && outcome.event) events.record(written, outcome.event);
  }

  function schedule(o: KubeObject): void {
    const ref = refOf(o);
    const key = refKey(ref);
    if (stopped || pending.has(key)) return;
    const retry = retries.get(key);
    if (retry !== undefined) {
      clock.clearTimeout(retry);
      retries.delete(key);
    }
    const ctx = ctxFor(o);
    if (plan(o, ctx).kind === 'run') store.setStatus(o.apiVersion, o.kind, o.metadata.namespace, o.metadata.name, progress(o, ctx));
    pending.set(
      key,
      clock.setTimeout(() => {
        pending.delete(key);
        finish(ref);
      }, delay),
    );
  }

  function retryLater(ref: FluxRef): void {
    const key = refKey(ref);
    if (retries.has(key)) return;
    retries.set(
      key,
      clock.setTimeout(() => {
        retries.delete(key);
        const o = get(ref);
        if (o) schedule(o);
      }, retryMs),
    );
  }

  const waitingOnDependency = (o: KubeObject): boolean => findCondition(rec(o.status).conditions, 'Ready')?.reason === 'DependencyNotReady';

  /** A dependency just became ready: its blocked dependents need not wait for the 30 s retry. */
  function wakeDependents(dep: KubeObject): void {
    for (const o of store.list(dep.apiVersion, dep.kind)) {
      if (waitingOnDependency(o) && dependencies(o).some((d) => d.name === dep.metadata.name && d.namespace === dep.metadata.namespace)) schedule(o);
    }
  }

  /** A source produced a new revision: the Kustomizations built from it reconcile (source watch). */
  function wakeConsumers(source: KubeObject): void {
    if (!store.typeFor(fluxKinds.Kustomization.apiVersion, 'Kustomization')) return;
    for (const o of store.list(fluxKinds.Kustomization.apiVersion, 'Kustomization')) {
      const r = sourceOf(store, o).ref;
      if (r.kind === source.kind && r.name === source.metadata.name && r.namespace === source.metadata.namespace) schedule(o);
    }
  }

  function onChange(c: StoreChange): void {
    const o = c.object;
    if (stopped || !isFluxKind(o.kind)) return;
    if (c.type === 'DELETED') {
      const key = refKey(refOf(o));
      for (const timers of [pending, retries]) {
        const t = timers.get(key);
        if (t !== undefined) clock.clearTimeout(t);
        timers.delete(key);
      }
      return;
    }
    const token = o.metadata.annotations?.[REQUESTED_AT];
    const status = rec(o.status);
    const isNew = c.type === 'ADDED' && (status.observedGeneration !== o.metadata.generation || (token !== undefined && token !== status.lastHandledReconcileAt));
    const generationChanged = c.old !== undefined && c.old.metadata.generation !== o.metadata.generation;
    const requested = token !== undefined && token !== c.old?.metadata.annotations?.[REQUESTED_AT];
    if (isNew || generationChanged || (c.type === 'MODIFIED' && requested)) schedule(o);
    if (c.type !== 'MODIFIED') return;
    if (!readyForDependents(c.old) && readyForDependents(o)) wakeDependents(o);
    const rev = artifactRevision(o);
    if (rev && rev !== artifactRevision(c.old)) wakeConsumers(o);
  }

  const unsubscribe = store.subscribe(onChange);

  // Objects that are already waiting: unobserved generations, unhandled tokens, blocked dependencies.
  for (const kind of Object.keys(fluxKinds) as (keyof typeof fluxKinds)[]) {
    if (!store.typeFor(fluxKinds[kind].apiVersion, kind)) continue;
    for (const o of store.list(fluxKinds[kind].apiVersion, kind)) {
      const status = rec(o.status);
      const token = o.metadata.annotations?.[REQUESTED_AT];
      if (status.observedGeneration !== o.metadata.generation || (token !== undefined && token !== status.lastHandledReconcileAt)) schedule(o);
      else if (waitingOnDependency(o)) retryLater(refOf(o));
    }
  }

  return {
    setFailing(ref, failure) {
      if (!isFluxKind(ref.kind)) throw new UserError(`unknown Flux kind ${ref.kind}; expected one of ${Object.keys(fluxKinds).join(', ')}`);
      if (failure) failing.set(refKey(ref), failure);
      else failing.delete(refKey(ref));
      const o = get(ref);
      if (o) schedule(o);
    },
    stop() {
      stopped = true;
      unsubscribe();
      for (const t of [...pending.values(), ...retries.values()]) clock.clearTimeout(t);
      pending.clear();
      retries.clear();
    },
  };
}
